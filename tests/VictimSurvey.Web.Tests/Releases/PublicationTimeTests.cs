using VictimSurvey.Web.Releases;

namespace VictimSurvey.Web.Tests.Releases;

/// <summary>Paris wall-clock times entered on the Releases page, and the instants stored.</summary>
public class PublicationTimeTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-15T09:00", 2026, 12, 15, 8, 0)] // winter: UTC+1
    [InlineData("2026-07-01T09:00", 2026, 7, 1, 7, 0)] // summer: UTC+2
    [InlineData("2027-03-28T03:00", 2027, 3, 28, 1, 0)] // the first summer-time hour
    [InlineData("2027-03-28T01:59", 2027, 3, 28, 0, 59)] // the last winter-time minute
    [InlineData("2026-10-25T03:00", 2026, 10, 25, 2, 0)] // after the clocks went back
    [InlineData("2026-10-25T02:30", 2026, 10, 25, 0, 30)] // shown twice: the first time, on summer time
    public void A_Paris_time_becomes_the_instant_Paris_clocks_show_it(string text, int y, int mo, int d, int h, int mi)
    {
        Assert.True(PublicationTime.TryParseLocal(text, out var local));

        var at = PublicationTime.FromParis(local);

        Assert.NotNull(at);
        Assert.Equal(Utc(y, mo, d, h, mi), at.Value);
    }

    [Fact]
    public void The_hour_skipped_when_summer_time_starts_has_no_instant()
    {
        Assert.True(PublicationTime.TryParseLocal("2027-03-28T02:30", out var local));
        Assert.Null(PublicationTime.FromParis(local));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("15/12/2026 09:00")]
    [InlineData("2026-13-01T09:00")]
    public void Anything_but_a_datetime_local_value_is_refused(string? text)
    {
        Assert.False(PublicationTime.TryParseLocal(text, out _));
    }

    [Fact]
    public void Instants_are_shown_in_Paris_with_the_offset_of_that_date()
    {
        var winter = PublicationTime.InParis(Utc(2026, 12, 15, 8, 0));
        var summer = PublicationTime.InParis(Utc(2026, 7, 1, 7, 0));

        Assert.Equal((9, "UTC+01:00"), (winter.Hour, PublicationTime.Offset(winter.Offset)));
        Assert.Equal((9, "UTC+02:00"), (summer.Hour, PublicationTime.Offset(summer.Offset)));
    }
}
