using MathNet.Numerics.Distributions;

namespace VictimSurvey.Core.Estimation;

public enum IntervalMethod
{
    /// <summary>p ± t·SE (R: svyciprop method "mean").</summary>
    Wald,

    /// <summary>Symmetric on the logit scale: expit(logit p ± t·SE/(p(1−p))) (R: svyciprop method "logit").</summary>
    Logit,

    /// <summary>Clopper–Pearson on the effective sample size (Korn &amp; Graubard 1998; R: svyciprop method "beta").</summary>
    KornGraubard,
}

public readonly record struct Interval(double Lower, double Upper);

/// <summary>
/// Confidence intervals for an estimate with its standard error. Quantiles are Student's t with the
/// design's degrees of freedom (n − H), as R's <c>svyciprop</c> and <c>confint(..., df = degf(design))</c>.
/// </summary>
public static class ConfidenceIntervals
{
    /// <param name="estimate">The estimate (for logit and Korn–Graubard, a proportion in [0, 1]).</param>
    /// <param name="standardError">Its standard error.</param>
    /// <param name="level">Confidence level, e.g. 0.95.</param>
    /// <param name="degreesOfFreedom">Design degrees of freedom (n − H of the design).</param>
    /// <param name="units">For Korn–Graubard: the number of units n whose t quantile with n − 1 df rescales the effective sample size.</param>
    public static Interval Compute(IntervalMethod method, double estimate, double standardError, double level, int degreesOfFreedom, int units)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be between 0 and 1.");
        }

        var alpha = 1 - level;
        var t = StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - alpha / 2);
        switch (method)
        {
            case IntervalMethod.Wald:
                return new Interval(estimate - t * standardError, estimate + t * standardError);
            case IntervalMethod.Logit:
                if (estimate <= 0 || estimate >= 1)
                {
                    // The logit scale has no room at 0 or 1 (R would give a zero-width interval):
                    // Clopper–Pearson on the effective size still gives an honest one-sided interval.
                    return KornGraubard(estimate, standardError, alpha, degreesOfFreedom, units);
                }

                var logit = Math.Log(estimate / (1 - estimate));
                var half = t * standardError / (estimate * (1 - estimate));
                return new Interval(Expit(logit - half), Expit(logit + half));
            case IntervalMethod.KornGraubard:
                return KornGraubard(estimate, standardError, alpha, degreesOfFreedom, units);
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, null);
        }
    }

    /// <summary>
    /// n_eff = p(1−p)/V, rescaled by (t_{n−1, α/2} / t_{df, α/2})²; lower = Beta⁻¹(α/2; n_eff·p, n_eff(1−p)+1),
    /// upper = Beta⁻¹(1−α/2; n_eff·p+1, n_eff(1−p)). At p = 0 the lower bound is 0, at p = 1 the upper is 1.
    /// </summary>
    private static Interval KornGraubard(double p, double se, double alpha, int degreesOfFreedom, int units)
    {
        var variance = se * se;
        if (!double.IsFinite(variance) || !double.IsFinite(p))
        {
            return new Interval(double.NaN, double.NaN);
        }

        var effective = variance > 0 ? p * (1 - p) / variance : units;
        if (units > 1)
        {
            var ratio = StudentT.InvCDF(0, 1, units - 1, alpha / 2) / StudentT.InvCDF(0, 1, degreesOfFreedom, alpha / 2);
            effective *= ratio * ratio;
        }

        var lower = p <= 0 ? 0 : Beta.InvCDF(effective * p, effective * (1 - p) + 1, alpha / 2);
        var upper = p >= 1 ? 1 : Beta.InvCDF(effective * p + 1, effective * (1 - p), 1 - alpha / 2);
        return new Interval(lower, upper);
    }

    private static double Expit(double x) => 1 / (1 + Math.Exp(-x));
}
