namespace VictimSurvey.Core.Weighting;

/// <summary>The calibration distance, named by its inverse function F in w = d·F(x'λ) (Deville &amp; Särndal 1992).</summary>
public enum CalibrationMethod
{
    /// <summary>F(u) = 1 + u: the generalised regression estimator. Weights may be negative.</summary>
    Linear,

    /// <summary>F(u) = e^u: raking ratio (iterative proportional fitting on the margins). Weights stay positive.</summary>
    Raking,

    /// <summary>
    /// F(u) = [L(U−1) + U(1−L)e^{Au}] / [(U−1) + (1−L)e^{Au}], A = (U−L)/((1−L)(U−1)): g = w/d stays strictly
    /// inside (L, U). CALMAR's "logit" method and R survey's <c>calfun = "logit"</c>.
    /// </summary>
    Logit,

    /// <summary>F(u) = clamp(1 + u, L, U): linear with g truncated to [L, U]; R survey's <c>calfun = "linear"</c> with bounds.</summary>
    Truncated,
}

/// <summary>Bounds L &lt; 1 &lt; U on the g-weights g = w/d.</summary>
public readonly record struct GBounds(double Lower, double Upper)
{
    public override string ToString() => FormattableString.Invariant($"[{Lower}, {Upper}]");
}

/// <summary>F and its derivative for each method, written to stay finite for any u.</summary>
internal static class CalibrationFunction
{
    /// <summary>Returns F(u) and sets <paramref name="derivative"/> to F'(u).</summary>
    public static double Evaluate(CalibrationMethod method, GBounds bounds, double u, out double derivative)
    {
        switch (method)
        {
            case CalibrationMethod.Linear:
                derivative = 1;
                return 1 + u;
            case CalibrationMethod.Raking:
                var e = Math.Exp(u);
                derivative = e;
                return e;
            case CalibrationMethod.Truncated:
                var g = 1 + u;
                if (g <= bounds.Lower)
                {
                    derivative = 0;
                    return bounds.Lower;
                }

                if (g >= bounds.Upper)
                {
                    derivative = 0;
                    return bounds.Upper;
                }

                derivative = 1;
                return g;
            case CalibrationMethod.Logit:
                return Logit(bounds.Lower, bounds.Upper, u, out derivative);
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, null);
        }
    }

    /// <summary>
    /// With a = U−1, b = 1−L, E = e^{Au}: F = (La + UbE)/(a + bE), F' = abA(U−L)E/(a + bE)².
    /// For u &gt; 0 both are rewritten with e^{−Au} so that nothing overflows.
    /// </summary>
    private static double Logit(double lower, double upper, double u, out double derivative)
    {
        var a = upper - 1;
        var b = 1 - lower;
        var scale = (upper - lower) / (a * b);
        var au = scale * u;
        if (au <= 0)
        {
            var e = Math.Exp(au);
            var denominator = a + b * e;
            derivative = a * b * scale * (upper - lower) * e / (denominator * denominator);
            return (lower * a + upper * b * e) / denominator;
        }
        else
        {
            var e = Math.Exp(-au);
            var denominator = a * e + b;
            derivative = a * b * scale * (upper - lower) * e / (denominator * denominator);
            return (lower * a * e + upper * b) / denominator;
        }
    }
}
