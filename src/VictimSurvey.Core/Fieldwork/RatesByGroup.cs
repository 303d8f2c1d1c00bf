namespace VictimSurvey.Core.Fieldwork;

/// <summary>One group's counts and rates.</summary>
public sealed record GroupRates<TKey>(TKey Key, DispositionCounts Counts, ResponseRates Rates);

/// <summary>Rates per group (sorted by key) and for all groups together.</summary>
public sealed record GroupedRates<TKey>(IReadOnlyList<GroupRates<TKey>> Groups, DispositionCounts TotalCounts, ResponseRates Total);

/// <summary>The rates at one cut-off: the dispositions as they stood at that instant.</summary>
public sealed record RatesAtCutoff(DateTimeOffset Cutoff, DispositionCounts Counts, ResponseRates Rates);

/// <summary>AAPOR rates by department, age group, sex, response mode or any other key, and by day cut-off.</summary>
public static class RatesByGroup
{
    /// <summary>
    /// Groups the dispositions by <paramref name="keyOf"/> and computes <see cref="AaporRates.Compute(DispositionCounts, double?)"/>
    /// for each group and for the total.
    /// </summary>
    /// <param name="keyOf">The group of a case, e.g. <c>d =&gt; departmentOf[d.CaseId]</c>.</param>
    /// <param name="e">
    /// A fixed e for every group and the total; null to estimate it by proportional allocation within
    /// each group (and over all cases for the total), since eligibility differs between groups (more
    /// deaths among the old, more moves abroad among the young).
    /// </param>
    /// <param name="order">The groups' order (default: the key's own).</param>
    public static GroupedRates<TKey> Compute<TKey>(IEnumerable<CaseDisposition> dispositions, Func<CaseDisposition, TKey> keyOf, double? e = null, IComparer<TKey>? order = null)
        where TKey : notnull
    {
        // Counted in place (one long[8] per group, indexed by category), not by DispositionCounts.Add: one pass, no record per case.
        var tallies = new Dictionary<TKey, long[]>();
        var all = new long[8];
        foreach (var d in dispositions)
        {
            var key = keyOf(d);
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new long[8];
            }

            var k = (int)d.Category;
            tally[k]++;
            all[k]++;
        }

        var total = Counts(all);
        var groups = tallies.OrderBy(p => p.Key, order ?? Comparer<TKey>.Default)
            .Select(p => (p.Key, Counts: Counts(p.Value)))
            .Select(g => new GroupRates<TKey>(g.Key, g.Counts, AaporRates.Compute(g.Counts, e)))
            .ToList();
        return new GroupedRates<TKey>(groups, total, AaporRates.Compute(total, e));
    }

    private static DispositionCounts Counts(long[] t)
    {
        if (t.Length != 8 || (int)AaporCategory.NotEligible != 7)
        {
            throw new InvalidOperationException("AaporCategory no longer has the eight groups in the order I, P, R, NC, O, UH, UO, NE.");
        }

        return new DispositionCounts(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
    }

    /// <summary>
    /// The rates as they stood at each cut-off: every case's disposition re-derived from its events up
    /// to the cut-off (<see cref="CaseDispositions.Derive"/> with <c>asOf</c>), then counted. A case with
    /// no event yet is 3.11, so the denominator is the whole sample at every cut-off.
    /// </summary>
    public static IReadOnlyList<RatesAtCutoff> AtCutoffs(
        IEnumerable<long> caseIds,
        IEnumerable<CaseEvent> events,
        IEnumerable<DateTimeOffset> cutoffs,
        DispositionRules? rules = null,
        IReadOnlyDictionary<long, double>? partialAnsweredShares = null,
        double? e = null)
    {
        var ids = caseIds.ToList();
        var byCase = events.GroupBy(ev => ev.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        return cutoffs.Order().Select(cutoff =>
        {
            var counts = DispositionCounts.Zero;
            foreach (var id in ids)
            {
                var own = byCase.TryGetValue(id, out var list) ? list : [];
                double? share = partialAnsweredShares is not null && partialAnsweredShares.TryGetValue(id, out var s) ? s : null;
                counts = counts.Add(CaseDispositions.Derive(id, own, rules, share, cutoff).Category);
            }

            return new RatesAtCutoff(cutoff, counts, AaporRates.Compute(counts, e));
        }).ToList();
    }
}
