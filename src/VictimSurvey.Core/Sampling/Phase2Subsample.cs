namespace VictimSurvey.Core.Sampling;

/// <summary>A phase-1 respondent eligible for the phase-2 module, in its stratum.</summary>
public sealed record Phase1Respondent(long PersonId, string Stratum);

/// <summary>A subsampled respondent and its conditional probability of selection, m_h / r_h.</summary>
public sealed record Phase2Selection(long PersonId, string Stratum, double SubsamplingProbability);

/// <summary>
/// Phase 2: a stratified simple random subsample without replacement of the phase-1 respondents.
/// In stratum h with r_h respondents and rate f_h, m_h = round(f_h·r_h) (half away from zero, at
/// least 1 when f_h &gt; 0 and r_h &gt; 0) persons are drawn, each with conditional probability
/// m_h / r_h; the phase-2 design weight is the phase-1 weight divided by it (two phases multiply).
/// Deterministic for a given seed: respondents are ordered by id within each stratum before a
/// partial Fisher–Yates shuffle driven by <see cref="Random"/> with that seed.
/// </summary>
public static class Phase2Subsample
{
    public static IReadOnlyList<Phase2Selection> Draw(IReadOnlyList<Phase1Respondent> respondents, Func<string, double> rateOfStratum, int seed)
    {
        var random = new Random(seed);
        var selected = new List<Phase2Selection>();
        foreach (var stratum in respondents.GroupBy(r => r.Stratum, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rate = rateOfStratum(stratum.Key);
            if (!(rate is >= 0 and <= 1))
            {
                throw new SamplingException(FormattableString.Invariant($"phase-2 rate {rate} of stratum '{stratum.Key}' must lie between 0 and 1"));
            }

            var units = stratum.OrderBy(r => r.PersonId).ToArray();
            var take = rate == 0 ? 0 : Math.Max(1, (int)Math.Round(rate * units.Length, MidpointRounding.AwayFromZero));
            for (var i = 0; i < take; i++)
            {
                var j = random.Next(i, units.Length);
                (units[i], units[j]) = (units[j], units[i]);
            }

            var probability = (double)take / units.Length;
            selected.AddRange(units.Take(take).OrderBy(u => u.PersonId).Select(u => new Phase2Selection(u.PersonId, u.Stratum, probability)));
        }

        return selected;
    }
}
