using MathNet.Numerics.Distributions;

namespace VictimSurvey.Core.Estimation;

/// <summary>The change between two editions' estimates of the same indicator and domain.</summary>
/// <param name="Difference">current − previous.</param>
/// <param name="StandardError">√(SE_current² + SE_previous²): the editions are independent samples.</param>
/// <param name="PValue">Two-sided, normal reference distribution.</param>
/// <param name="Significant">PValue below 1 − level.</param>
public sealed record Change(double Difference, double StandardError, double PValue, bool Significant);

/// <summary>
/// Year-on-year comparison of two editions (independent samples, so the covariance term is zero):
/// z = (θ₂ − θ₁) / √(SE₁² + SE₂²), two-sided p-value from the normal distribution.
/// </summary>
public static class YearOnYear
{
    public static Change Compare(Estimate previous, Estimate current, double level = 0.95)
    {
        var difference = current.Value - previous.Value;
        var se = Math.Sqrt(current.StandardError * current.StandardError + previous.StandardError * previous.StandardError);
        var p = se > 0 ? 2 * (1 - Normal.CDF(0, 1, Math.Abs(difference) / se)) : difference == 0 ? 1 : 0;
        return new Change(difference, se, p, p < 1 - level);
    }
}
