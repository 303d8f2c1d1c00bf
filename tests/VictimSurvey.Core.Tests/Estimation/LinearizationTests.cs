using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Tests.Weighting;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Estimation;

public class LinearizationTests
{
    [Fact]
    public void A_stratified_total_has_the_textbook_variance_with_fpc()
    {
        // Stratum A: N=10, y = 1, 3, 5 (w = 10/3); stratum B: N=8, y = 2, 6 (w = 4).
        // V = Σ N_h² (1 − n_h/N_h) s_h² / n_h = 100·0.7·4/3 + 64·0.75·8/2.
        var design = new LinearizationDesign([10 / 3.0, 10 / 3.0, 10 / 3.0, 4, 4], ["A", "A", "A", "B", "B"], new Dictionary<string, double> { ["A"] = 10, ["B"] = 8 });

        var total = Estimators.Total(design, [1, 3, 5, 2, 6]);

        Assert.Equal(10 / 3.0 * 9 + 4 * 8, total.Value, 12);
        Assert.Equal(100 * 0.7 * 4 / 3.0 + 64 * 0.75 * 8 / 2.0, total.StandardError * total.StandardError, 9);
        Assert.Equal(3, design.DegreesOfFreedom);
    }

    [Fact]
    public void A_constant_has_a_mean_with_zero_variance()
    {
        var design = new LinearizationDesign([1, 2, 3, 4], ["A", "A", "B", "B"]);
        Assert.Equal(0, Estimators.Mean(design, [7, 7, 7, 7]).StandardError, 12);
    }

    [Fact]
    public void The_total_of_a_calibration_category_is_known_exactly_after_calibration()
    {
        var units = SmallSample.Units();
        var problem = SmallSample.Problem(units);
        var calibrated = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Raking, Tolerance: 1e-13));
        var design = new LinearizationDesign(calibrated.Weights, units.Select(u => u.Region).ToArray(), calibration: problem);
        var women = units.Select(u => u.Sex == "F" ? 1.0 : 0.0).ToArray();

        var total = Estimators.Total(design, women);

        Assert.Equal(problem.Categorical[0].Totals[0], total.Value, 6);
        Assert.True(total.StandardError < 1e-6 * total.Value, $"SE {total.StandardError}");
    }

    [Fact]
    public void A_stratum_with_one_unit_is_named()
    {
        var error = Assert.Throws<EstimationException>(() => new LinearizationDesign([1, 1, 1], ["A", "A", "B"]));
        Assert.Contains("'B'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ratio_of_a_variable_to_itself_is_one_with_zero_variance()
    {
        var design = new LinearizationDesign([1, 2, 3, 4], ["A", "A", "B", "B"]);
        var ratio = Estimators.Ratio(design, [1, 0, 2, 5], [1, 0, 2, 5]);
        Assert.Equal(1, ratio.Value, 15);
        Assert.Equal(0, ratio.StandardError, 12);
        Assert.Equal(3, ratio.Base);
    }
}
