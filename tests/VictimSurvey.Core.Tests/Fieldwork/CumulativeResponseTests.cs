using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Core.Tests.Fieldwork;

public class CumulativeResponseTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Curves_cumulate_completes_by_day_and_mode_over_the_rr1_denominator()
    {
        CaseDisposition[] dispositions =
        [
            Dispositions.Of(1, "1.1", FieldworkModes.Web, Start.AddHours(5)),     // day 0
            Dispositions.Of(2, "1.1", FieldworkModes.Web, Start.AddDays(2.5)),    // day 2
            Dispositions.Of(3, "1.1", FieldworkModes.Paper, Start.AddDays(1.1)),  // day 1
            Dispositions.Of(4, "1.1", FieldworkModes.Phone, Start.AddDays(9)),    // after the days shown
            Dispositions.Of(5, "2.11"),
            Dispositions.Of(6, "3.19"),
            Dispositions.Of(7, "1.2"),
            Dispositions.Of(8, "4.12"),                                           // not in the denominator
        ];

        var curves = CumulativeResponse.ByDayAndMode(dispositions, Start, days: 3);

        // Denominator: 8 cases − 1 NE = 7.
        Assert.Equal(7, curves.Denominator);
        Assert.Equal(["web", "paper", "phone"], curves.ByMode.Select(c => c.Mode));
        Assert.Equal([1 / 7.0, 1 / 7.0, 2 / 7.0], curves.ByMode[0].Rates);
        Assert.Equal([0, 1 / 7.0, 1 / 7.0], curves.ByMode[1].Rates);
        Assert.Equal([0.0, 0, 0], curves.ByMode[2].Rates);
        Assert.Equal([1 / 7.0, 2 / 7.0, 3 / 7.0], curves.Total.Rates);
    }

    [Fact]
    public void Completes_before_the_start_count_on_day_zero_and_an_empty_sample_gives_nan()
    {
        var early = CumulativeResponse.ByDayAndMode([Dispositions.Of(1, "1.1", FieldworkModes.Web, Start.AddHours(-2))], Start, 1);
        Assert.Equal([1.0], early.Total.Rates);

        var empty = CumulativeResponse.ByDayAndMode([], Start, 2);
        Assert.All(empty.Total.Rates, r => Assert.True(double.IsNaN(r)));
    }
}
