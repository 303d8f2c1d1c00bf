using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Core.Tests.Fieldwork;

/// <summary>R-indicators on cells and at cut-offs, against the unit-level computation and re-derived dispositions.</summary>
public class RIndicatorOverTimeTests
{
    private const double Tolerance = 1e-9;
    private static readonly DateTimeOffset Start = new(2025, 1, 13, 0, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Cells_give_the_same_indicators_as_the_units()
    {
        var (d, sex, age, department) = Units(600, seed: 7);
        var random = new Random(11);
        var responded = d.Select((_, i) => random.NextDouble() < (sex[i] == "F" ? 0.55 : 0.4) + (age[i] == "A3" ? 0.15 : 0)).ToArray();
        var eligible = d.Select((_, i) => i % 17 != 0).ToArray();
        IReadOnlyList<(string, IReadOnlyList<string>)> variables = [("age", age), ("sex", sex), ("dep", department)];

        var byCells = RIndicator.EstimateByCells(d, eligible, responded, variables);
        var kept = Enumerable.Range(0, d.Length).Where(i => eligible[i]).ToArray();
        var byUnits = RIndicator.Estimate(
            kept.Select(i => d[i]).ToArray(),
            kept.Select(i => responded[i]).ToArray(),
            [("age", kept.Select(i => age[i]).ToList()), ("sex", kept.Select(i => sex[i]).ToList()), ("dep", kept.Select(i => department[i]).ToList())]);

        Assert.Equal(byUnits.R, byCells.R, Tolerance);
        Assert.Equal(byUnits.MeanPropensity, byCells.MeanPropensity, Tolerance);
        Assert.Equal(byUnits.EstimatedPopulation, byCells.EstimatedPopulation, Tolerance);
        for (var v = 0; v < 3; v++)
        {
            Assert.Equal(byUnits.Partials[v].Unconditional, byCells.Partials[v].Unconditional, Tolerance);
            Assert.Equal(byUnits.Partials[v].Conditional, byCells.Partials[v].Conditional, Tolerance);
            Assert.Equal(byUnits.Partials[v].Categories.Select(c => c.Category), byCells.Partials[v].Categories.Select(c => c.Category));
            for (var k = 0; k < byUnits.Partials[v].Categories.Count; k++)
            {
                Assert.Equal(byUnits.Partials[v].Categories[k].Unconditional, byCells.Partials[v].Categories[k].Unconditional, Tolerance);
                Assert.Equal(byUnits.Partials[v].Categories[k].Conditional, byCells.Partials[v].Categories[k].Conditional, Tolerance);
            }
        }
    }

    [Fact]
    public void Each_cut_off_uses_the_dispositions_as_they_stood_then()
    {
        var (d, sex, age, department) = Units(400, seed: 3);
        var random = new Random(5);
        var events = new List<CaseEvent>();
        for (var i = 0; i < d.Length; i++)
        {
            events.Add(new CaseEvent(i, CaseEventTypes.CommunicationSent, Start.AddHours(10), "mail", "protocol"));
            if (random.NextDouble() < 0.5)
            {
                events.Add(new CaseEvent(i, CaseEventTypes.WebComplete, Start.AddDays(random.Next(0, 21)).AddHours(20), "web", "web-platform"));
            }

            if (i % 13 == 0)
            {
                // Ineligible on day 9: before or after the complete, if any.
                events.Add(new CaseEvent(i, CaseEventTypes.IneligibleDeceased, Start.AddDays(9).AddHours(9), "mail", "family"));
            }
        }

        var final = CaseDispositions.DeriveAll(Enumerable.Range(0, d.Length).Select(i => (long)i), events);
        IReadOnlyList<(string, IReadOnlyList<string>)> variables = [("age", age), ("sex", sex), ("dep", department)];

        var points = RIndicatorOverTime.Compute(final, d, variables, Start, [7, 14, 21]);

        Assert.Equal([7, 14, 21], points.Select(p => p.Day));
        foreach (var point in points)
        {
            var asOf = CaseDispositions.DeriveAll(Enumerable.Range(0, d.Length).Select(i => (long)i), events, asOf: point.Cutoff);
            var eligible = asOf.Select(x => x.Category != AaporCategory.NotEligible).ToArray();
            var responded = asOf.Select(x => x.Category == AaporCategory.Complete).ToArray();
            Assert.Equal(eligible.Count(e => e), point.Eligible);
            Assert.Equal(responded.Count(r => r), point.Respondents);
            var expected = RIndicator.EstimateByCells(d, eligible, responded, variables);
            Assert.NotNull(point.Result);
            Assert.Equal(expected.R, point.Result.R, Tolerance);
            Assert.Equal(expected.Partials[2].Unconditional, point.Result.Partials[2].Unconditional, Tolerance);
        }

        Assert.True(points[0].Respondents < points[2].Respondents);
    }

    [Fact]
    public void A_cut_off_before_any_response_has_no_value_and_says_why()
    {
        var (d, sex, age, department) = Units(50, seed: 1);
        var none = CaseDispositions.DeriveAll(Enumerable.Range(0, d.Length).Select(i => (long)i), []);

        var points = RIndicatorOverTime.Compute(none, d, [("age", age), ("sex", sex), ("dep", department)], Start, [1]);

        Assert.Null(points[0].Result);
        Assert.Equal(0, points[0].Respondents);
        Assert.Contains("has no respondent", points[0].Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_off_is_the_end_of_its_day_as_the_curve_point_of_that_day()
    {
        var (d, sex, age, department) = Units(40, seed: 2);
        var events = Enumerable.Range(0, d.Length)
            .Select(i => new CaseEvent(i, CaseEventTypes.WebComplete, Start.AddDays(i % 2 == 0 ? 7 : 8).AddHours(20), "web", "web-platform"))
            .ToList();
        var final = CaseDispositions.DeriveAll(Enumerable.Range(0, d.Length).Select(i => (long)i), events);

        var points = RIndicatorOverTime.Compute(final, d, [("age", age), ("sex", sex), ("dep", department)], Start, [6, 7, 8]);

        Assert.Equal([Start.AddDays(7), Start.AddDays(8), Start.AddDays(9)], points.Select(p => p.Cutoff));
        Assert.Equal([0L, 20L, 40L], points.Select(p => p.Respondents));
        var curve = CumulativeResponse.ByDayAndMode(final, Start, 9).Total.Rates;
        Assert.Equal([0.0, 0.5, 1.0], new[] { curve[6], curve[7], curve[8] });
    }

    [Theory]
    [InlineData(0, new[] { 0 })]
    [InlineData(5, new[] { 5 })]
    [InlineData(14, new[] { 7, 14 })]
    [InlineData(30, new[] { 7, 14, 21, 28, 30 })]
    [InlineData(70, new[] { 7, 14, 21, 28, 35, 42, 49, 56, 63, 70 })]
    public void Weekly_days_end_on_the_as_of_day(int lastDay, int[] expected) =>
        Assert.Equal(expected, RIndicatorOverTime.WeeklyDays(lastDay));

    private static (double[] D, string[] Sex, string[] Age, string[] Department) Units(int n, int seed)
    {
        var random = new Random(seed);
        var d = Enumerable.Range(0, n).Select(_ => 50 + 100 * random.NextDouble()).ToArray();
        var sex = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "F" : "M").ToArray();
        var age = Enumerable.Range(0, n).Select(i => "A" + (i / 2 % 3 + 1)).ToArray();
        var department = Enumerable.Range(0, n).Select(i => "D" + (i / 6 % 4 + 1)).ToArray();
        return (d, sex, age, department);
    }
}
