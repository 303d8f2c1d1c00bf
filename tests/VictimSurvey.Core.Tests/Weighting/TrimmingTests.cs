using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

public class TrimmingTests
{
    [Theory]
    [InlineData(CalibrationMethod.Raking)]
    [InlineData(CalibrationMethod.Linear)]
    public void Trimmed_weights_respect_the_caps_and_still_reproduce_the_margins(CalibrationMethod method)
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.2);
        var untrimmed = Calibrator.Calibrate(problem, new CalibrationOptions(method));
        var caps = new GBounds(Math.Round(untrimmed.GDistribution.P5, 2), Math.Round(untrimmed.GDistribution.P95, 2));

        var result = Trimming.CalibrateAndTrim(problem, new CalibrationOptions(method), new TrimmingBounds(caps));

        Assert.True(result.Converged, result.Failure);
        Assert.All(result.G, g => Assert.InRange(g, caps.Lower * (1 - 1e-9), caps.Upper * (1 + 1e-9)));
        Assert.All(result.Margins, m => Assert.True(m.RelativeError < 1e-8, $"{m.Margin}={m.Category}"));
        Assert.True(untrimmed.G.Any(g => g < caps.Lower || g > caps.Upper), "the caps should bind in this test");
    }

    [Fact]
    public void Caps_on_the_weights_themselves_are_applied()
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.2);
        var untrimmed = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Raking));
        var maxWeight = untrimmed.Weights.Order().ElementAt(untrimmed.Weights.Length * 9 / 10);

        var result = Trimming.CalibrateAndTrim(problem, new CalibrationOptions(CalibrationMethod.Raking), new TrimmingBounds(MaxWeight: maxWeight));

        Assert.True(result.Converged, result.Failure);
        Assert.All(result.Weights, w => Assert.True(w <= maxWeight * (1 + 1e-9)));
    }

    [Fact]
    public void Caps_that_cannot_hold_with_the_margins_are_reported_not_ignored()
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.3);

        var result = Trimming.CalibrateAndTrim(problem, new CalibrationOptions(CalibrationMethod.Raking), new TrimmingBounds(new GBounds(0.99, 1.01)));

        Assert.False(result.Converged);
        Assert.Contains("Trimming", result.Failure!, StringComparison.Ordinal);
    }
}
