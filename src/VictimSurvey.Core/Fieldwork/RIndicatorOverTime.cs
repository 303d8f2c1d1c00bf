using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Fieldwork;

/// <summary>The R-indicator as the response stood at the end of day <paramref name="Day"/> of the season.</summary>
/// <param name="Day">The season's day (<see cref="SeasonDays"/>: day 0 is the first day): the cut-off is the end of that day, the start + (<paramref name="Day"/> + 1) × 24 h, as the point of the same day on the response curves.</param>
/// <param name="Eligible">Cases not known to be ineligible at the cut-off (the units of the indicator).</param>
/// <param name="Respondents">Cases with a complete (1.1) by the cut-off.</param>
/// <param name="Result">The indicator and its partials; null when the response model could not be fitted (see <paramref name="Failure"/>).</param>
/// <param name="Failure">Why there is no value (early in the season: a category with no respondent yet).</param>
public sealed record RIndicatorAtCutoff(int Day, DateTimeOffset Cutoff, long Eligible, long Respondents, RIndicatorResult? Result, string? Failure);

/// <summary>
/// The R-indicator and partial R-indicators at successive cut-offs of a season, from the cases'
/// final dispositions.
/// </summary>
/// <remarks>
/// <para>At cut-off t a case is a respondent when its disposition is 1.1 and its first complete is at or
/// before t, and it is left out (not eligible) when its disposition is 4.x and the ineligibility that
/// decided it is at or before t. Both equal what <see cref="CaseDispositions.Derive"/> gives with
/// <c>asOf = t</c>: a complete used at the end was already the first complete at t, and an
/// ineligibility that decides at the end preceded every complete. Partial interviews (1.2) are not
/// respondents here (the answered shares are not loaded by the monitoring).</para>
/// <para>Each point fits the propensities again (<see cref="RIndicator.EstimateByCells"/>): the
/// propensities are those of the response at t, as Schouten, Shlomo &amp; Skinner (2011) monitor
/// them during data collection. A fit that fails (complete separation: a department with no
/// respondent yet, or only respondents) gives a point without a value and the reason.</para>
/// </remarks>
public static class RIndicatorOverTime
{
    /// <param name="dispositions">Final dispositions, one per unit, in the order of <paramref name="designWeights"/> and the variables' values.</param>
    /// <param name="seasonStart">The instant day 0 begins.</param>
    /// <param name="days">The cut-offs: the season's days (0 = the first) whose end they are.</param>
    public static IReadOnlyList<RIndicatorAtCutoff> Compute(
        IReadOnlyList<CaseDisposition> dispositions,
        double[] designWeights,
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> variables,
        DateTimeOffset seasonStart,
        IEnumerable<int> days)
    {
        var n = dispositions.Count;
        if (designWeights.Length != n || variables.Any(v => v.Values.Count != n))
        {
            throw new ArgumentException("Dispositions, design weights and every variable must have one value per unit.");
        }

        var completeAt = new DateTimeOffset?[n];
        var ineligibleAt = new DateTimeOffset?[n];
        for (var i = 0; i < n; i++)
        {
            var d = dispositions[i];
            completeAt[i] = d.Category == AaporCategory.Complete ? d.FirstCompleteAt : null;
            ineligibleAt[i] = d.Category == AaporCategory.NotEligible && d.DecidedBy.Count > 0 ? d.DecidedBy[0].At : null;
        }

        var cells = RIndicator.Cells.Of(variables);
        var points = new List<RIndicatorAtCutoff>();
        foreach (var day in days.Distinct().Order())
        {
            var cutoff = seasonStart.AddDays(day + 1);
            var eligible = new bool[n];
            var responded = new bool[n];
            long eligibleCount = 0, respondents = 0;
            for (var i = 0; i < n; i++)
            {
                eligible[i] = ineligibleAt[i] is not { } at || at > cutoff;
                responded[i] = eligible[i] && completeAt[i] is { } c && c <= cutoff;
                eligibleCount += eligible[i] ? 1 : 0;
                respondents += responded[i] ? 1 : 0;
            }

            try
            {
                var result = RIndicator.EstimateByCells(designWeights, eligible, responded, variables, cells);
                points.Add(new RIndicatorAtCutoff(day, cutoff, eligibleCount, respondents, result, null));
            }
            catch (WeightingException ex)
            {
                points.Add(new RIndicatorAtCutoff(day, cutoff, eligibleCount, respondents, null, ex.Message));
            }
        }

        return points;
    }

    /// <summary>Weekly cut-offs (the end of day 7, 14, …) before <paramref name="lastDay"/>, then <paramref name="lastDay"/> itself (the "as of" day, <see cref="SeasonDays.AsOfDay"/>).</summary>
    public static IReadOnlyList<int> WeeklyDays(int lastDay) =>
        Enumerable.Range(1, Math.Max(0, (lastDay - 1) / 7)).Select(w => 7 * w).Append(Math.Max(lastDay, 0)).Distinct().ToList();
}
