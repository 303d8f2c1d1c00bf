namespace VictimSurvey.Core.Fieldwork;

/// <summary>One line of the chart: the cumulative rate at the end of each day (index = day, 0 = first day).</summary>
public sealed record ResponseCurve(string Mode, IReadOnlyList<double> Rates);

/// <summary>The cumulative response curves: one per collection mode and the total (which is their sum).</summary>
/// <param name="Denominator">The RR1 denominator used for every point: I+P+R+NC+O+UH+UO of the dispositions.</param>
public sealed record ResponseCurves(DateTimeOffset Start, int Days, double Denominator, IReadOnlyList<ResponseCurve> ByMode, ResponseCurve Total);

/// <summary>Cumulative response rate by day and response mode, for the monitoring chart.</summary>
public static class CumulativeResponse
{
    /// <summary>The collection modes that can give a complete, in chart order.</summary>
    public static IReadOnlyList<string> Modes { get; } = [FieldworkModes.Web, FieldworkModes.Paper, FieldworkModes.Phone];

    /// <summary>
    /// The cumulative RR1 by day and mode: point (m, t) = #{complete cases (1.1) of response mode m
    /// whose first complete falls on day ≤ t} / (I+P+R+NC+O+UH+UO). The denominator is the same for
    /// every mode and day, so the mode curves add up to the total and the last point of the total is
    /// the RR1 of the dispositions given for completes within the days shown.
    /// </summary>
    /// <param name="dispositions">Final dispositions, or current ones for a season under way.</param>
    /// <param name="start">Start of day 0 (fieldwork start, with the offset of the local clock). Day t is
    /// [start + t·24 h, start + (t+1)·24 h); completes before the start count on day 0, those after the
    /// last day are not shown.</param>
    /// <param name="days">Number of days shown (at least 1).</param>
    public static ResponseCurves ByDayAndMode(IEnumerable<CaseDisposition> dispositions, DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var list = dispositions.ToList();
        var counts = DispositionCounts.From(list);
        double denominator = counts.Total - counts.NE;

        var daily = Modes.ToDictionary(m => m, _ => new long[days], StringComparer.Ordinal);
        foreach (var d in list)
        {
            if (d.Category != AaporCategory.Complete || d.FirstCompleteAt is not { } at || d.ResponseMode is not { } mode)
            {
                continue;
            }

            var day = Math.Max(0, (int)Math.Floor((at - start).TotalDays));
            if (day < days && daily.TryGetValue(mode, out var perDay))
            {
                perDay[day]++;
            }
        }

        var byMode = Modes.Select(m => new ResponseCurve(m, Cumulate(daily[m], denominator))).ToList();
        var all = new long[days];
        foreach (var perDay in daily.Values)
        {
            for (var t = 0; t < days; t++)
            {
                all[t] += perDay[t];
            }
        }

        return new ResponseCurves(start, days, denominator, byMode, new ResponseCurve("total", Cumulate(all, denominator)));
    }

    private static double[] Cumulate(long[] perDay, double denominator)
    {
        var rates = new double[perDay.Length];
        long running = 0;
        for (var t = 0; t < perDay.Length; t++)
        {
            running += perDay[t];
            rates[t] = denominator == 0 ? double.NaN : running / denominator;
        }

        return rates;
    }
}
