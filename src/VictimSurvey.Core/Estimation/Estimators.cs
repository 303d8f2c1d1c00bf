using VictimSurvey.Core.Variance;

namespace VictimSurvey.Core.Estimation;

/// <summary>A point estimate with its linearization standard error.</summary>
/// <param name="Value">The estimate (a fraction for proportions, not a percent).</param>
/// <param name="StandardError">√V̂ from <see cref="LinearizationDesign.Variance"/>.</param>
/// <param name="Base">Unweighted base: units in the domain (for a ratio, units in the domain with a non-zero denominator).</param>
/// <param name="WeightedBase">Σ w over the domain (for a ratio, the estimated denominator total X̂).</param>
public sealed record Estimate(double Value, double StandardError, int Base, double WeightedBase)
{
    /// <summary>
    /// Design effect: V̂ / V̂_srs, the variance over that of a simple random sample without replacement of the
    /// same size (R: <c>deff = TRUE</c>): for a mean V̂_srs = (1 − n/N̂) s²/n, for a total N̂² (1 − n/N̂) s²/n, with
    /// s² = Σ w (y − ȳ)² / Σ w · n/(n − 1) over the domain. NaN for ratios and when n &lt; 2.
    /// </summary>
    public double DesignEffect { get; init; } = double.NaN;

    /// <summary>
    /// The same estimate with another standard error (the bootstrap's): V̂_srs depends only on the weights and
    /// the values, not on how V̂ is estimated, so the design effect becomes V̂_new / V̂_srs =
    /// deff · V̂_new / V̂ (R survey's <c>deff = TRUE</c> on a replicate design). NaN where V̂ is zero.
    /// </summary>
    public Estimate WithStandardError(double standardError)
    {
        var variance = StandardError * StandardError;
        return this with
        {
            StandardError = standardError,
            DesignEffect = variance > 0 ? DesignEffect * (standardError * standardError) / variance : double.NaN,
        };
    }

    /// <summary>Coefficient of variation SE/|estimate|; NaN for a zero estimate.</summary>
    public double CoefficientOfVariation => Value == 0 ? double.NaN : StandardError / Math.Abs(Value);
}

/// <summary>
/// Totals, means (proportions of 0/1 variables) and ratios, on the whole sample or a domain, with
/// linearization variance. A domain is estimated from the whole sample: its linearized variable is zero
/// outside the domain and is still residualised on the full sample (R survey's <c>svyby</c>).
/// </summary>
/// <remarks>
/// Linearized variables (w = final weights, I = domain indicator):
/// total Σ w I y: z = I·y;
/// mean ȳ = Σ w I y / Σ w I: z = I·(y − ȳ) / Σ w I;
/// ratio R = Σ w I y / Σ w I x: z = I·(y − R·x) / Σ w I x (svyratio).
/// Missing values (NaN) are not allowed: callers decide what a missing answer means.
/// </remarks>
public static class Estimators
{
    public static Estimate Total(LinearizationDesign design, ReadOnlySpan<double> y, ReadOnlySpan<bool> domain = default)
    {
        var w = design.Weights;
        var z = new double[w.Length];
        double total = 0, weightedBase = 0;
        var n = 0;
        for (var i = 0; i < w.Length; i++)
        {
            if (!In(domain, i))
            {
                continue;
            }

            z[i] = y[i];
            total += w[i] * y[i];
            weightedBase += w[i];
            n++;
        }

        var variance = design.Variance(z);
        return new Estimate(total, Math.Sqrt(variance), n, weightedBase)
        {
            DesignEffect = DesignEffects.OfTotal(variance, w, y, domain, n, weightedBase),
        };
    }

    public static Estimate Mean(LinearizationDesign design, ReadOnlySpan<double> y, ReadOnlySpan<bool> domain = default)
    {
        var w = design.Weights;
        double sum = 0, weightedBase = 0;
        var n = 0;
        for (var i = 0; i < w.Length; i++)
        {
            if (In(domain, i))
            {
                sum += w[i] * y[i];
                weightedBase += w[i];
                n++;
            }
        }

        if (n == 0)
        {
            throw new EstimationException("The domain is empty: no respondent in it.");
        }

        var mean = sum / weightedBase;
        var z = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            if (In(domain, i))
            {
                z[i] = (y[i] - mean) / weightedBase;
            }
        }

        var variance = design.Variance(z);
        return new Estimate(mean, Math.Sqrt(variance), n, weightedBase)
        {
            DesignEffect = DesignEffects.OfMean(variance, w, y, domain, n, weightedBase),
        };
    }

    public static Estimate Ratio(LinearizationDesign design, ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator, ReadOnlySpan<bool> domain = default)
    {
        var w = design.Weights;
        double top = 0, bottom = 0;
        var n = 0;
        for (var i = 0; i < w.Length; i++)
        {
            if (In(domain, i))
            {
                top += w[i] * numerator[i];
                bottom += w[i] * denominator[i];
                if (denominator[i] != 0)
                {
                    n++;
                }
            }
        }

        if (bottom == 0)
        {
            throw new EstimationException("The ratio's denominator is zero in this domain (no unit with a non-zero denominator).");
        }

        var ratio = top / bottom;
        var z = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            if (In(domain, i))
            {
                z[i] = (numerator[i] - ratio * denominator[i]) / bottom;
            }
        }

        return new Estimate(ratio, Math.Sqrt(design.Variance(z)), n, bottom);
    }

    internal static bool In(ReadOnlySpan<bool> domain, int i) => domain.IsEmpty || domain[i];
}
