namespace VictimSurvey.Core.Fieldwork;

/// <summary>
/// The day numbering of a collection season, shared by the protocol, the response curves and the
/// R-indicator: day 0 is the season's first day (<c>season_start</c>), day d is the calendar day
/// <c>season_start + d</c> (Europe/Paris), and the last day is <c>season_end − season_start</c>
/// (a season from 2025-01-13 to 2025-03-24 has days 0 to 70).
/// </summary>
public static class SeasonDays
{
    /// <summary>The number of the season's last day (<paramref name="end"/> − <paramref name="start"/>; 0 for a one-day season).</summary>
    public static int LastDay(DateOnly start, DateOnly end) => Math.Max(0, end.DayNumber - start.DayNumber);

    /// <summary>The day number of <paramref name="date"/> (negative before the season).</summary>
    public static int DayOf(DateOnly start, DateOnly date) => date.DayNumber - start.DayNumber;

    /// <summary>The calendar date of day <paramref name="day"/>.</summary>
    public static DateOnly DateOf(DateOnly start, int day) => start.AddDays(day);

    /// <summary>
    /// The "as of" day of the monitoring: the last day for which there is data, i.e. the day of the
    /// latest event, but never after the season's last day nor after today (an appointment's event
    /// time can lie in the future), and never before day 0. Without any event it is day 0.
    /// </summary>
    /// <param name="start">The season's first day.</param>
    /// <param name="end">The season's last day.</param>
    /// <param name="today">Today's date (Paris).</param>
    /// <param name="latestEvent">The date (Paris) of the edition's latest event, or null when it has none.</param>
    public static int AsOfDay(DateOnly start, DateOnly end, DateOnly today, DateOnly? latestEvent)
    {
        if (latestEvent is not { } latest)
        {
            return 0;
        }

        var last = new[] { latest, end, today }.Min();
        return Math.Clamp(DayOf(start, last), 0, LastDay(start, end));
    }
}
