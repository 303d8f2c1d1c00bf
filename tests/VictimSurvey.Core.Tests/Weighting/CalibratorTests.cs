using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

public class CalibratorTests
{
    private static readonly GBounds Wide = new(0.3, 3);

    [Theory]
    [InlineData(CalibrationMethod.Linear)]
    [InlineData(CalibrationMethod.Raking)]
    [InlineData(CalibrationMethod.Logit)]
    [InlineData(CalibrationMethod.Truncated)]
    public void Every_method_reproduces_every_margin_including_the_dropped_categories(CalibrationMethod method)
    {
        var problem = SmallSample.Problem(SmallSample.Units());
        var bounded = method is CalibrationMethod.Logit or CalibrationMethod.Truncated;

        var result = Calibrator.Calibrate(problem, new CalibrationOptions(method, bounded ? Wide : null, 1e-10));

        Assert.True(result.Converged, result.Failure);
        Assert.All(result.Margins, m => Assert.True(m.RelativeError < 1e-9, $"{m.Margin}={m.Category}: {m.After} vs {m.PopulationTotal}"));
        Assert.Equal(2 + 3 + 4 + 1, result.Margins.Count); // sex, age, region categories and the numeric margin
    }

    [Fact]
    public void Linear_calibration_converges_in_one_newton_step()
    {
        var result = Calibrator.Calibrate(SmallSample.Problem(SmallSample.Units()), new CalibrationOptions(CalibrationMethod.Linear));
        Assert.True(result.Converged);
        Assert.Equal(1, result.Iterations);
    }

    [Fact]
    public void Raking_keeps_every_weight_positive_and_g_is_w_over_d()
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.25);
        var result = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Raking));

        Assert.True(result.Converged, result.Failure);
        Assert.All(result.Weights, w => Assert.True(w > 0));
        for (var i = 0; i < problem.UnitCount; i++)
        {
            Assert.Equal(result.Weights[i] / problem.DesignWeights[i], result.G[i], 12);
        }
    }

    [Fact]
    public void Logit_keeps_g_strictly_inside_its_bounds()
    {
        var bounds = new GBounds(0.7, 1.4);
        var result = Calibrator.Calibrate(SmallSample.Problem(SmallSample.Units(), tilt: 0.12), new CalibrationOptions(CalibrationMethod.Logit, bounds));

        Assert.True(result.Converged, result.Failure);
        Assert.All(result.G, g => Assert.InRange(g, bounds.Lower, bounds.Upper));
    }

    [Fact]
    public void Truncated_calibration_clamps_g_to_its_bounds()
    {
        var linear = Calibrator.Calibrate(SmallSample.Problem(SmallSample.Units(), tilt: 0.12), new CalibrationOptions(CalibrationMethod.Linear));
        var bounds = new GBounds(Math.Round(linear.GDistribution.P5, 3), Math.Round(linear.GDistribution.P95, 3));

        var result = Calibrator.Calibrate(SmallSample.Problem(SmallSample.Units(), tilt: 0.12), new CalibrationOptions(CalibrationMethod.Truncated, bounds));

        Assert.True(result.Converged, result.Failure);
        Assert.All(result.G, g => Assert.InRange(g, bounds.Lower - 1e-12, bounds.Upper + 1e-12));
        Assert.True(result.AtLowerBound + result.AtUpperBound > 0);
    }

    [Fact]
    public void Margins_already_met_need_no_iteration_and_leave_the_weights_alone()
    {
        var units = SmallSample.Units();
        var problem = SmallSample.Problem(units, tilt: 0);
        var exact = CalibrationProblem.Create(
            problem.DesignWeights,
            problem.Categorical.Select(m => m with { Totals = m.Categories.Select((_, k) => Enumerable.Range(0, units.Count).Where(i => m.CategoryOfUnit[i] == k).Sum(i => units[i].DesignWeight)).ToArray() }).ToList(),
            []);

        var result = Calibrator.Calibrate(exact, new CalibrationOptions(CalibrationMethod.Raking));

        Assert.Equal(0, result.Iterations);
        Assert.All(result.G, g => Assert.Equal(1.0, g, 12));
    }

    [Fact]
    public void The_error_history_starts_before_the_first_step_and_ends_below_the_tolerance()
    {
        var result = Calibrator.Calibrate(SmallSample.Problem(SmallSample.Units()), new CalibrationOptions(CalibrationMethod.Raking, Tolerance: 1e-11));

        Assert.Equal(result.Iterations + 1, result.MaxMarginErrorByIteration.Count);
        Assert.True(result.MaxMarginErrorByIteration[0] > 1e-3);
        Assert.True(result.MaxMarginError < 1e-11);
    }

    [Fact]
    public void Kish_design_effect_is_one_for_equal_weights()
    {
        Assert.Equal(1.0, WeightDiagnostics.KishDesignEffect([2.0, 2.0, 2.0]), 15);
        Assert.Equal(3 * (1 + 4 + 9) / 36.0, WeightDiagnostics.KishDesignEffect([1.0, 2.0, 3.0]), 15);
    }

    [Fact]
    public void Quantiles_follow_r_type_7()
    {
        // R: quantile(c(1, 2, 4, 8, 16), c(0.1, 0.5, 0.95)) = 1.4, 4, 14.4
        double[] sorted = [1, 2, 4, 8, 16];
        Assert.Equal(1.4, GDistribution.Quantile(sorted, 0.1), 12);
        Assert.Equal(4, GDistribution.Quantile(sorted, 0.5), 12);
        Assert.Equal(14.4, GDistribution.Quantile(sorted, 0.95), 12);
    }
}
