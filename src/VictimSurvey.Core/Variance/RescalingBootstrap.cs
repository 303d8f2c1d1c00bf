namespace VictimSurvey.Core.Variance;

/// <summary>
/// Stratified rescaling bootstrap (Rao &amp; Wu 1988) with m_h = n_h − 1 draws per stratum — R survey's
/// <c>as.svrepdesign(type = "subbootstrap")</c>: in replicate b, unit i of stratum h gets the factor
/// n_h/(n_h − 1) · r_bi, where r_bi is how many times it was drawn among n_h − 1 draws with replacement.
/// The finite-population correction is not applied to the replicates (as in R).
/// </summary>
/// <remarks>
/// Replicate b draws from its own generator seeded by (seed, b), so a range of replicates computed on
/// one server is identical to the same range computed anywhere else, in any chunking.
/// Variance from replicate estimates θ_b: Σ_b (θ_b − θ̄)² / (B − 1), θ̄ their mean (R:
/// <c>svrepdesign(type = "bootstrap", scale = 1/(B−1), rscales = 1, mse = FALSE)</c>).
/// </remarks>
public static class RescalingBootstrap
{
    /// <summary>Factors for replicates [first, first + count): one array of n factors per replicate.</summary>
    /// <param name="stratumOfUnit">Stratum label of every sampled unit (respondents and non-respondents alike).</param>
    public static double[][] Factors(IReadOnlyList<string> stratumOfUnit, int seed, int first, int count)
    {
        var sampler = Sampler(stratumOfUnit);
        var factors = new double[count][];
        for (var r = 0; r < count; r++)
        {
            factors[r] = new double[stratumOfUnit.Count];
            sampler.Fill(seed, first + r, factors[r]);
        }

        return factors;
    }

    /// <summary>
    /// The strata grouped once, so that replicates can be drawn one at a time (a few hundred arrays of n
    /// factors at once would take hundreds of megabytes for a national sample).
    /// </summary>
    public static ReplicateSampler Sampler(IReadOnlyList<string> stratumOfUnit)
    {
        var strata = stratumOfUnit
            .Select((label, i) => (label, i))
            .GroupBy(x => x.label, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(x => x.i).ToArray())
            .ToArray();
        foreach (var units in strata.Where(u => u.Length < 2))
        {
            throw new EstimationException($"Stratum '{stratumOfUnit[units[0]]}' has a single unit: the bootstrap needs at least two per stratum.");
        }

        return new ReplicateSampler(strata, stratumOfUnit.Count);
    }

    /// <summary>Draws the factors of one replicate; safe to use from several threads at once.</summary>
    public sealed class ReplicateSampler
    {
        private readonly int[][] strata;

        internal ReplicateSampler(int[][] strata, int units)
        {
            this.strata = strata;
            UnitCount = units;
        }

        public int UnitCount { get; }

        /// <summary>Overwrites <paramref name="factors"/> (length n) with the factors of replicate b (0-based).</summary>
        public void Fill(int seed, int replicate, double[] factors)
        {
            Array.Clear(factors);
            var random = new Random(ReplicateSeed(seed, replicate));
            foreach (var units in strata)
            {
                var n = units.Length;
                var scale = n / (n - 1.0);
                for (var draw = 0; draw < n - 1; draw++)
                {
                    factors[units[random.Next(n)]] += scale;
                }
            }
        }
    }

    /// <summary>A generator seed for replicate b, stable across processes and machines (SplitMix64 of seed and b).</summary>
    private static int ReplicateSeed(int seed, int replicate)
    {
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)replicate) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    /// <summary>Σ_b (θ_b − θ̄)² / (B − 1).</summary>
    public static double Variance(ReadOnlySpan<double> replicateEstimates)
    {
        if (replicateEstimates.Length < 2)
        {
            throw new EstimationException("At least two replicates are needed for a variance.");
        }

        var mean = 0.0;
        foreach (var t in replicateEstimates)
        {
            mean += t;
        }

        mean /= replicateEstimates.Length;
        var sum = 0.0;
        foreach (var t in replicateEstimates)
        {
            sum += (t - mean) * (t - mean);
        }

        return sum / (replicateEstimates.Length - 1);
    }
}
