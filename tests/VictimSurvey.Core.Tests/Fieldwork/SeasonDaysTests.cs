using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Core.Tests.Fieldwork;

/// <summary>Day numbering of a season (day 0 = its first day) and the monitoring's "as of" day.</summary>
public class SeasonDaysTests
{
    // The demo's 2025 season: days 0 to 70.
    private static readonly DateOnly Start = new(2025, 1, 13);
    private static readonly DateOnly End = new(2025, 3, 24);

    [Fact]
    public void Days_are_numbered_from_zero_on_the_first_day_to_the_last_day()
    {
        Assert.Equal(70, SeasonDays.LastDay(Start, End));
        Assert.Equal(0, SeasonDays.DayOf(Start, Start));
        Assert.Equal(30, SeasonDays.DayOf(Start, new DateOnly(2025, 2, 12)));
        Assert.Equal(End, SeasonDays.DateOf(Start, 70));
        Assert.Equal(0, SeasonDays.LastDay(Start, Start));
    }

    [Fact]
    public void A_season_simulated_to_day_30_is_shown_to_day_30_long_after_its_end()
    {
        var today = new DateOnly(2026, 11, 29);

        Assert.Equal(30, SeasonDays.AsOfDay(Start, End, today, latestEvent: new DateOnly(2025, 2, 12)));
    }

    [Fact]
    public void A_closed_season_is_shown_to_its_last_event_day() =>
        Assert.Equal(68, SeasonDays.AsOfDay(Start, End, new DateOnly(2026, 11, 29), latestEvent: new DateOnly(2025, 3, 22)));

    [Fact]
    public void The_as_of_day_is_never_after_today_nor_after_the_season()
    {
        // An appointment whose event time is next week: the data stop today.
        Assert.Equal(20, SeasonDays.AsOfDay(Start, End, today: new DateOnly(2025, 2, 2), latestEvent: new DateOnly(2025, 2, 9)));
        // An event after the season's end (not accepted by the import, but the rule holds): its last day.
        Assert.Equal(70, SeasonDays.AsOfDay(Start, End, new DateOnly(2026, 1, 1), latestEvent: new DateOnly(2025, 4, 2)));
    }

    [Fact]
    public void Without_events_or_before_the_season_it_is_day_0()
    {
        Assert.Equal(0, SeasonDays.AsOfDay(Start, End, new DateOnly(2026, 11, 29), latestEvent: null));
        Assert.Equal(0, SeasonDays.AsOfDay(Start, End, today: new DateOnly(2025, 1, 1), latestEvent: new DateOnly(2025, 1, 20)));
    }
}
