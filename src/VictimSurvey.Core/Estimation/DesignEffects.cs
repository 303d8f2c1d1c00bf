namespace VictimSurvey.Core.Estimation;

/// <summary>Design effects against simple random sampling without replacement, as R survey's <c>deff = TRUE</c> (see <see cref="Estimate.DesignEffect"/>).</summary>
internal static class DesignEffects
{
    public static double OfMean(double variance, double[] w, ReadOnlySpan<double> y, ReadOnlySpan<bool> domain, int n, double weightedBase) =>
        FromMoments(variance, SumWeightedSquares(w, y, domain), SumWeighted(w, y, domain), n, weightedBase, total: false);

    public static double OfTotal(double variance, double[] w, ReadOnlySpan<double> y, ReadOnlySpan<bool> domain, int n, double weightedBase) =>
        FromMoments(variance, SumWeightedSquares(w, y, domain), SumWeighted(w, y, domain), n, weightedBase, total: true);

    /// <param name="sumWy2">Σ w y² over the domain.</param>
    /// <param name="sumWy">Σ w y over the domain.</param>
    public static double FromMoments(double variance, double sumWy2, double sumWy, int n, double weightedBase, bool total)
    {
        if (n < 2 || weightedBase <= 0)
        {
            return double.NaN;
        }

        var mean = sumWy / weightedBase;
        var s2 = Math.Max(sumWy2 / weightedBase - mean * mean, 0) * n / (n - 1.0);
        var fpc = 1 - n / weightedBase;
        var srs = s2 / n * fpc * (total ? weightedBase * weightedBase : 1);
        return srs > 0 ? variance / srs : double.NaN;
    }

    private static double SumWeighted(double[] w, ReadOnlySpan<double> y, ReadOnlySpan<bool> domain)
    {
        var sum = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            if (Estimators.In(domain, i))
            {
                sum += w[i] * y[i];
            }
        }

        return sum;
    }

    private static double SumWeightedSquares(double[] w, ReadOnlySpan<double> y, ReadOnlySpan<bool> domain)
    {
        var sum = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            if (Estimators.In(domain, i))
            {
                sum += w[i] * y[i] * y[i];
            }
        }

        return sum;
    }
}
