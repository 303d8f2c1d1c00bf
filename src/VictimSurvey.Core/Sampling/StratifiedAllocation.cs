namespace VictimSurvey.Core.Sampling;

/// <summary>
/// Allocation of a stratified simple random sample without replacement between strata.
/// <para>
/// Real-valued allocation first: n_h = b_h + R·s_h / Σ s over the strata not yet fixed, where s_h is
/// N_h (proportional, minimum-plus-proportional) or N_h^a (power), b_h the guaranteed minimum of the
/// minimum-plus-proportional rule (0 otherwise) and R what remains of n. A stratum whose allocation
/// exceeds N_h is fixed at N_h (a census of that stratum); then, for proportional and power, a stratum
/// below the minimum is fixed at the minimum; the others are re-allocated until none breaks a bound
/// (at most H rounds, each fixes one stratum or more). The minimum of a stratum smaller than it is N_h.
/// </para>
/// <para>
/// Integer sizes by the largest-remainder method: floors, then one more unit to the strata with the
/// largest fractional parts, ties going to the stratum listed first, so the result is deterministic
/// and sums exactly to n. Rounding up never crosses N_h (a fractional part means n_h &lt; N_h) and
/// rounding down never goes below the minimum (the minimum is an integer).
/// </para>
/// </summary>
public static class StratifiedAllocation
{
    public static IReadOnlyList<StratumAllocation> Allocate(IReadOnlyList<StratumPopulation> strata, AllocationRequest request)
    {
        Validate(strata, request);
        var count = strata.Count;
        var minimum = strata.Select(s => (double)Math.Min(request.Minimum, s.Population)).ToArray();
        var share = strata.Select(s => request.Method == AllocationMethod.Power ? Math.Pow(s.Population, request.Power) : s.Population).ToArray();
        var baseline = request.Method == AllocationMethod.MinimumPlusProportional ? minimum : new double[count];

        var real = new double[count];
        var fixedAt = new double?[count];
        for (var round = 0; round <= count; round++)
        {
            var free = Enumerable.Range(0, count).Where(h => fixedAt[h] is null).ToList();
            var remainder = request.SampleSize - fixedAt.Sum(f => f ?? 0) - free.Sum(h => baseline[h]);
            var freeShare = free.Sum(h => share[h]);
            foreach (var h in free)
            {
                real[h] = baseline[h] + (freeShare > 0 ? remainder * share[h] / freeShare : 0);
            }

            var over = free.Where(h => real[h] > strata[h].Population).ToList();
            var under = over.Count > 0 ? [] : free.Where(h => real[h] < minimum[h]).ToList();
            if (over.Count == 0 && under.Count == 0)
            {
                break;
            }

            foreach (var h in over)
            {
                fixedAt[h] = real[h] = strata[h].Population;
            }

            foreach (var h in under)
            {
                fixedAt[h] = real[h] = minimum[h];
            }
        }

        var sizes = LargestRemainder(real, request.SampleSize);
        return strata.Select((s, h) => new StratumAllocation(s.Code, s.Population, sizes[h])).ToList();
    }

    /// <summary>Rounds non-negative reals summing to <paramref name="total"/> to integers with the same sum (Hamilton's method, ties to the lower index).</summary>
    public static int[] LargestRemainder(IReadOnlyList<double> real, int total)
    {
        var sizes = real.Select(x => (int)Math.Floor(x)).ToArray();
        var missing = total - sizes.Sum();
        var byRemainder = Enumerable.Range(0, real.Count)
            .OrderByDescending(h => real[h] - sizes[h])
            .ThenBy(h => h)
            .Take(Math.Max(0, missing));
        foreach (var h in byRemainder)
        {
            sizes[h]++;
        }

        return sizes;
    }

    private static void Validate(IReadOnlyList<StratumPopulation> strata, AllocationRequest request)
    {
        if (strata.Count == 0)
        {
            throw new SamplingException("no stratum to allocate the sample to");
        }

        var duplicate = strata.GroupBy(s => s.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SamplingException($"stratum '{duplicate.Key}' is listed twice");
        }

        var empty = strata.FirstOrDefault(s => s.Population <= 0);
        if (empty is not null)
        {
            throw new SamplingException($"stratum '{empty.Code}' has a population of {empty.Population}; it must be positive");
        }

        var population = strata.Sum(s => s.Population);
        if (request.SampleSize <= 0 || request.SampleSize > population)
        {
            throw new SamplingException(FormattableString.Invariant(
                $"sample size {request.SampleSize:N0} must be positive and at most the population ({population:N0})"));
        }

        if (request.Minimum < 0)
        {
            throw new SamplingException(FormattableString.Invariant($"minimum per stratum {request.Minimum:N0} is negative"));
        }

        var minimumTotal = strata.Sum(s => Math.Min((long)request.Minimum, s.Population));
        if (minimumTotal > request.SampleSize)
        {
            throw new SamplingException(FormattableString.Invariant(
                $"minimum {request.Minimum:N0} per stratum × {strata.Count} strata = {minimumTotal:N0}, more than the sample size {request.SampleSize:N0}: lower the minimum or raise the size"));
        }

        if (request.Method == AllocationMethod.Power && !(request.Power is >= 0 and <= 1))
        {
            throw new SamplingException(FormattableString.Invariant($"power {request.Power} must lie between 0 and 1"));
        }
    }
}
