using VictimSurvey.Core.Estimation;

namespace VictimSurvey.Core.Tests.Estimation;

public class PublicationRuleTests
{
    private static Estimate With(double value, double se, int n) => new(value, se, n, 1000);

    [Theory]
    [InlineData(0.10, 0.010, 500, QualityFlag.Ok)]       // CV 10 %
    [InlineData(0.10, 0.020, 500, QualityFlag.Caution)]  // CV 20 %
    [InlineData(0.10, 0.040, 500, QualityFlag.Suppressed)] // CV 40 %
    [InlineData(0.10, 0.001, 29, QualityFlag.Suppressed)]  // base under 30
    [InlineData(0.00, 0.000, 400, QualityFlag.Ok)]       // zero estimate: base only
    public void The_default_rule_follows_base_then_cv(double value, double se, int n, QualityFlag expected)
    {
        Assert.Equal(expected, PublicationRule.Default.Judge(With(value, se, n)));
    }

    [Theory]
    [InlineData(double.NaN, 0.01)]
    [InlineData(0.2, double.NaN)]
    public void An_estimate_without_a_value_or_a_standard_error_is_suppressed(double value, double se)
    {
        Assert.Equal(QualityFlag.Suppressed, PublicationRule.Default.Judge(With(value, se, 5000)));
    }

    [Fact]
    public void A_korn_graubard_interval_without_a_variance_is_not_a_number()
    {
        var interval = ConfidenceIntervals.Compute(IntervalMethod.KornGraubard, 0.2, double.NaN, 0.95, 100, 101);
        Assert.True(double.IsNaN(interval.Lower) && double.IsNaN(interval.Upper));
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var strict = new PublicationRule(MinBase: 100, CautionCv: 0.05, SuppressCv: 0.15);
        Assert.Equal(QualityFlag.Caution, strict.Judge(With(0.1, 0.01, 200)));
        Assert.Equal(QualityFlag.Suppressed, strict.Judge(With(0.1, 0.001, 99)));
    }
}

public class LogitIntervalEdgeTests
{
    [Fact]
    public void A_logit_interval_at_zero_falls_back_to_korn_graubard_rather_than_zero_width()
    {
        var interval = ConfidenceIntervals.Compute(IntervalMethod.Logit, 0, 0, 0.95, 169, 170);

        Assert.Equal(0, interval.Lower);
        Assert.True(interval.Upper > 0.01, $"upper {interval.Upper}");
        Assert.Equal(ConfidenceIntervals.Compute(IntervalMethod.KornGraubard, 0, 0, 0.95, 169, 170), interval);
    }
}
