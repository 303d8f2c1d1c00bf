namespace VictimSurvey.Core.Weighting;

/// <summary>Distribution of the g-weights g = w/d: min, percentiles 1/5/25/50/75/95/99 (R's type 7, unweighted), max.</summary>
public sealed record GDistribution(double Min, double P1, double P5, double P25, double P50, double P75, double P95, double P99, double Max)
{
    public static GDistribution Of(ReadOnlySpan<double> g)
    {
        if (g.Length == 0)
        {
            return new GDistribution(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = g.ToArray();
        Array.Sort(sorted);
        return new GDistribution(sorted[0], Quantile(sorted, 0.01), Quantile(sorted, 0.05), Quantile(sorted, 0.25), Quantile(sorted, 0.50),
            Quantile(sorted, 0.75), Quantile(sorted, 0.95), Quantile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>R's <c>quantile(type = 7)</c>: linear interpolation between order statistics at h = (n−1)p.</summary>
    public static double Quantile(double[] sorted, double probability)
    {
        var h = (sorted.Length - 1) * probability;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

public static class WeightDiagnostics
{
    /// <summary>Kish's design effect due to unequal weights: n·Σw² / (Σw)². 1 for equal weights.</summary>
    public static double KishDesignEffect(ReadOnlySpan<double> w)
    {
        double sum = 0, sumSquares = 0;
        foreach (var x in w)
        {
            sum += x;
            sumSquares += x * x;
        }

        return w.Length * sumSquares / (sum * sum);
    }
}
