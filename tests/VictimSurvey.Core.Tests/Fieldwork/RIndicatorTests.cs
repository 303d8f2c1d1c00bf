using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Core.Tests.Fieldwork;

/// <summary>R-indicators on tiny examples computed by hand (Schouten et al. 2009, 2011).</summary>
public class RIndicatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Equal_propensities_give_r_equal_to_one_and_zero_partials()
    {
        var r = RIndicator.FromPropensities([1, 2, 3, 4], [0.4, 0.4, 0.4, 0.4], [("sex", ["F", "M", "F", "M"])]);

        Assert.Equal(1, r.R, Tolerance);
        Assert.Equal(0, r.Partials[0].Unconditional, Tolerance);
        Assert.Equal(0, r.Partials[0].Conditional, Tolerance);
    }

    [Fact]
    public void Two_groups_with_known_propensities_give_the_exact_value()
    {
        // d = 1: A = {0.8, 0.8}, B = {0.4, 0.4}. N = 4, mean 0.6,
        // Σ d (ρ − 0.6)² = 4 × 0.04 = 0.16, S² = 0.16 / (4 − 1), R = 1 − 2 × 0.4/√3.
        var r = RIndicator.FromPropensities([1, 1, 1, 1], [0.8, 0.8, 0.4, 0.4], [("group", ["A", "A", "B", "B"])]);

        Assert.Equal(0.4 / Math.Sqrt(3), r.StandardDeviation, Tolerance);
        Assert.Equal(1 - 0.8 / Math.Sqrt(3), r.R, Tolerance);
        var group = r.Partials[0];
        // Between: Σ N_k (ρ_k − 0.6)² / 3 = (2 × 0.04 + 2 × 0.04) / 3: all the variation is between groups.
        Assert.Equal(0.4 / Math.Sqrt(3), group.Unconditional, Tolerance);
        // Category A: √(2/4) × (0.8 − 0.6); B: √(2/4) × (0.4 − 0.6).
        Assert.Equal(Math.Sqrt(0.5) * 0.2, group.Categories[0].Unconditional, Tolerance);
        Assert.Equal(-Math.Sqrt(0.5) * 0.2, group.Categories[1].Unconditional, Tolerance);
    }

    [Fact]
    public void Design_weights_enter_the_mean_and_the_variance()
    {
        // d = (1, 1, 2), ρ = (0.5, 0.5, 0.8): N = 4, mean = (0.5 + 0.5 + 1.6)/4 = 0.65,
        // Σ d (ρ − 0.65)² = 0.0225 + 0.0225 + 2 × 0.0225 = 0.09, S² = 0.09/3 = 0.03.
        var r = RIndicator.FromPropensities([1, 1, 2], [0.5, 0.5, 0.8], []);

        Assert.Equal(0.65, r.MeanPropensity, Tolerance);
        Assert.Equal(4, r.EstimatedPopulation);
        Assert.Equal(1 - 2 * Math.Sqrt(0.03), r.R, Tolerance);
    }

    [Fact]
    public void Conditional_partials_keep_what_a_variable_adds_once_the_others_are_known()
    {
        // Propensity depends on age only; sex is balanced within each age group.
        string[] age = ["young", "young", "old", "old"];
        string[] sex = ["F", "M", "F", "M"];
        var r = RIndicator.FromPropensities([1, 1, 1, 1], [0.3, 0.3, 0.7, 0.7], [("age", age), ("sex", sex)]);

        var byAge = r.Partials[0];
        var bySex = r.Partials[1];
        // Within sex cells (F: 0.3, 0.7; M: 0.3, 0.7) the variation is all of it: 4 × 0.04 / 3.
        Assert.Equal(Math.Sqrt(0.16 / 3), byAge.Conditional, Tolerance);
        Assert.Equal(r.StandardDeviation, byAge.Unconditional, Tolerance);
        // Sex adds nothing within age cells, and its categories have the same mean.
        Assert.Equal(0, bySex.Conditional, Tolerance);
        Assert.Equal(0, bySex.Unconditional, Tolerance);
        // Category parts add up: Σ_k P_C(Z,k)² = P_C(Z)².
        Assert.Equal(Math.Pow(byAge.Conditional, 2), byAge.Categories.Sum(c => c.Conditional * c.Conditional), Tolerance);
    }

    [Fact]
    public void Estimated_propensities_of_a_saturated_model_are_the_group_response_rates()
    {
        // A: 3 of 4 respond, B: 1 of 4. ρ̂ = 0.75, 0.25; mean 0.5; S² = 8 × 0.0625 / 7.
        bool[] responded = [true, true, true, false, true, false, false, false];
        string[] group = ["A", "A", "A", "A", "B", "B", "B", "B"];

        var r = RIndicator.Estimate(Enumerable.Repeat(1.0, 8).ToArray(), responded, [("group", group)]);

        Assert.Equal(0.75, r.Propensities[0], 1e-9);
        Assert.Equal(0.25, r.Propensities[7], 1e-9);
        Assert.Equal(1 - 2 * Math.Sqrt(0.5 / 7), r.R, 1e-9);
    }

    [Fact]
    public void Inputs_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RIndicator.FromPropensities([1, 1], [0.5], []));
    }
}
