using System.Globalization;

namespace VictimSurvey.Core.Variance;

/// <summary>
/// The strata of a set of units for a stratified one-stage variance: each unit's stratum index, n_h, and
/// the factor (1 − f_h) n_h/(n_h − 1) with f_h = n_h/N_h when the stratum populations are given (else 0).
/// </summary>
internal sealed class Strata
{
    /// <param name="unitWord">How the units are named in messages ("responding unit", "sampled unit").</param>
    public Strata(IReadOnlyList<string> stratumOfUnit, IReadOnlyDictionary<string, double>? stratumPopulation, string unitWord)
    {
        var labels = stratumOfUnit.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((l, h) => (l, h)).ToDictionary(x => x.l, x => x.h, StringComparer.Ordinal);
        Labels = labels;
        OfUnit = stratumOfUnit.Select(s => index[s]).ToArray();
        Size = new int[labels.Length];
        foreach (var h in OfUnit)
        {
            Size[h]++;
        }

        FpcFactor = new double[labels.Length];
        for (var h = 0; h < labels.Length; h++)
        {
            if (Size[h] < 2)
            {
                throw new EstimationException($"Stratum '{labels[h]}' has a single {unitWord}: its variance cannot be estimated (merge it with another stratum).");
            }

            var f = 0.0;
            if (stratumPopulation is not null)
            {
                if (!stratumPopulation.TryGetValue(labels[h], out var population) || !(population >= Size[h]))
                {
                    throw new EstimationException(string.Create(CultureInfo.InvariantCulture, $"Stratum '{labels[h]}': the stratum population must be at least its {Size[h]} sampled units."));
                }

                f = Size[h] / population;
            }

            FpcFactor[h] = (1 - f) * Size[h] / (Size[h] - 1.0);
        }
    }

    public IReadOnlyList<string> Labels { get; }

    public int[] OfUnit { get; }

    /// <summary>n_h.</summary>
    public int[] Size { get; }

    /// <summary>(1 − f_h) n_h/(n_h − 1).</summary>
    public double[] FpcFactor { get; }

    /// <summary>Σ_h (1 − f_h) n_h/(n_h − 1) Σ_{i∈h} (x_i − x̄_h)², from the stratum sums Σ x and Σ x².</summary>
    public double Variance(double[] sum, double[] squares)
    {
        var variance = 0.0;
        for (var h = 0; h < sum.Length; h++)
        {
            variance += FpcFactor[h] * Math.Max(squares[h] - sum[h] * sum[h] / Size[h], 0);
        }

        return variance;
    }
}
