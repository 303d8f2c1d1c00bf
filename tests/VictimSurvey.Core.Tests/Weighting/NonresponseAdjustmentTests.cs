using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

public class NonresponseAdjustmentTests
{
    private static NonresponseInput Input(double[] d, bool[] eligible, bool[] responded) =>
        new(d, eligible, responded, i => $"unit {i + 1}");

    [Fact]
    public void The_factor_is_eligible_weight_over_respondent_weight_within_each_group_and_ineligible_units_count_nowhere()
    {
        // Group A: eligible d = 10 + 20 + 30 (the 40 is ineligible), respondents 10 + 30 → factor 60/40.
        // Group B: eligible 5 + 5, respondent 5 → factor 2.
        double[] d = [10, 20, 30, 40, 5, 5];
        bool[] eligible = [true, true, true, false, true, true];
        bool[] responded = [true, false, true, false, true, false];
        string[] group = ["A", "A", "A", "A", "B", "B"];

        var result = NonresponseAdjustment.ResponseHomogeneityGroups(Input(d, eligible, responded), ["g"], [group], minRespondents: 1);

        Assert.Equal([15, 0, 45, 0, 10, 0], result.AdjustedWeights);
        Assert.Equal(-1, result.GroupOfUnit[3]);
        Assert.Equal(1.5, result.Groups.Single(g => g.Label == "A").Factor, 15);
        Assert.Empty(result.Merges);
    }

    [Fact]
    public void The_adjusted_weights_of_the_respondents_add_up_to_the_eligible_sample_weight()
    {
        var random = new Random(3);
        var n = 2000;
        var d = Enumerable.Range(0, n).Select(_ => 10 + random.NextDouble() * 90).ToArray();
        var eligible = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.95).ToArray();
        var responded = eligible.Select(e => e && random.NextDouble() < 0.5).ToArray();
        var sex = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "F" : "M").ToArray();
        var age = Enumerable.Range(0, n).Select(_ => "a" + random.Next(6)).ToArray();

        var result = NonresponseAdjustment.ResponseHomogeneityGroups(Input(d, eligible, responded), ["sex", "age"], [sex, age], 30);

        var eligibleWeight = d.Where((_, i) => eligible[i]).Sum();
        Assert.Equal(eligibleWeight, result.AdjustedWeights.Sum(), 6);
    }

    [Fact]
    public void A_small_cell_is_merged_with_its_next_neighbour_on_the_last_variable_and_the_merge_is_reported()
    {
        // Cells F:1 (40 resp.), F:2 (5 resp.), F:3 (40 resp.), M:1..3 (40 each). F:2 merges with F:3.
        var (d, eligible, responded, sex, age) = Cells(("F", "1", 40), ("F", "2", 5), ("F", "3", 40), ("M", "1", 40), ("M", "2", 40), ("M", "3", 40));

        var result = NonresponseAdjustment.ResponseHomogeneityGroups(Input(d, eligible, responded), ["sex", "age"], [sex, age], 30);

        Assert.Equal(5, result.Groups.Count);
        Assert.Contains(result.Groups, g => g.Label == "F:3 + F:2" && g.Respondents == 45);
        Assert.Equal("'F:2' (5 respondent(s), fewer than 30) merged with 'F:3'", Assert.Single(result.Merges));
    }

    [Fact]
    public void The_last_small_cell_merges_backwards_and_a_whole_small_set_merges_on_the_previous_variable()
    {
        // F:3 is small and last → merges with F:2. Sex "X" has 10 respondents in all → merged into the M set's smallest cell.
        var (d, eligible, responded, sex, age) = Cells(("F", "1", 40), ("F", "2", 40), ("F", "3", 10), ("M", "1", 50), ("M", "2", 35), ("X", "1", 6), ("X", "2", 4));

        var result = NonresponseAdjustment.ResponseHomogeneityGroups(Input(d, eligible, responded), ["sex", "age"], [sex, age], 30);

        Assert.All(result.Groups, g => Assert.True(g.Respondents >= 30, g.Label));
        Assert.Contains(result.Groups, g => g.Label == "F:2 + F:3");
        Assert.Contains(result.Groups, g => g.Label.StartsWith("M:2 + X:", StringComparison.Ordinal) && g.Respondents == 45);
    }

    [Fact]
    public void A_respondent_marked_ineligible_is_refused()
    {
        var error = Assert.Throws<WeightingException>(() =>
            NonresponseAdjustment.ResponseHomogeneityGroups(Input([1, 1], [true, false], [true, true]), ["g"], [["a", "a"]], 1));
        Assert.Contains("unit 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Propensity_classes_cut_at_type_7_quantiles_with_right_closed_intervals()
    {
        // Propensities 0.1..1.0 by 0.1; 2 classes cut at the median 0.55 → units ≤ 0.55 in class 1.
        var n = 10;
        var d = Enumerable.Repeat(1.0, n).ToArray();
        var responded = Enumerable.Range(0, n).Select(i => i % 2 == 0).ToArray();
        var fit = new LogisticFit(Enumerable.Range(1, n).Select(i => i / 10.0).ToArray(), [], 0);

        var result = NonresponseAdjustment.PropensityClasses(Input(d, Enumerable.Repeat(true, n).ToArray(), responded), fit, classes: 2, minRespondents: 1);

        Assert.Equal(["1", "2"], result.Groups.Select(g => g.Label));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], result.GroupOfUnit);
    }

    private static (double[] D, bool[] Eligible, bool[] Responded, string[] Sex, string[] Age) Cells(params (string Sex, string Age, int Respondents)[] cells)
    {
        var rows = cells.SelectMany(c => Enumerable.Range(0, c.Respondents * 2).Select(k => (c.Sex, c.Age, Responded: k % 2 == 0))).ToList();
        return (rows.Select(_ => 10.0).ToArray(), rows.Select(_ => true).ToArray(), rows.Select(r => r.Responded).ToArray(),
            rows.Select(r => r.Sex).ToArray(), rows.Select(r => r.Age).ToArray());
    }
}
