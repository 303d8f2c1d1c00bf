using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Core.Tests.Fieldwork;

public class RatesByGroupTests
{
    [Fact]
    public void Rates_by_department_are_computed_within_each_group_and_for_the_total()
    {
        // Department "01": cases 1..4 = 1.1, 1.1, 2.11, 4.11; department "02": cases 5..6 = 1.1, 3.19.
        var dispositions = new[] { "1.1", "1.1", "2.11", "4.11", "1.1", "3.19" }.Select((c, i) => Dispositions.Of(i + 1, c)).ToList();
        string DepartmentOf(CaseDisposition d) => d.CaseId <= 4 ? "01" : "02";

        var rates = RatesByGroup.Compute(dispositions, DepartmentOf);

        Assert.Equal(["01", "02"], rates.Groups.Select(g => g.Key));
        // 01: RR1 = 2 / (2 + 1) ; NE left out.
        Assert.Equal(2.0 / 3, rates.Groups[0].Rates.RR1, 12);
        // 02: RR1 = 1 / (1 + UH 1) = 1/2; e within the group = 1/1 = 1, so RR3 = 1/2 too.
        Assert.Equal(0.5, rates.Groups[1].Rates.RR1, 12);
        Assert.Equal(1.0, rates.Groups[1].Rates.E, 12);
        // Total: I=3, R=1, UH=1, NE=1: RR1 = 3/5; e = 4/5; RR3 = 3 / (4 + 0.8) = 3/4.8.
        Assert.Equal(3.0 / 5, rates.Total.RR1, 12);
        Assert.Equal(3.0 / 4.8, rates.Total.RR3, 12);
        Assert.Equal(6, rates.TotalCounts.Total);
    }

    [Fact]
    public void A_fixed_e_applies_to_every_group()
    {
        var dispositions = new[] { "1.1", "3.19", "1.1", "3.30" }.Select((c, i) => Dispositions.Of(i + 1, c)).ToList();

        // Each group: I=1, UH or UO=1; e = 0.5 → RR3 = 1 / (1 + 0.5). Total: 2 / (2 + 1).
        var rates = RatesByGroup.Compute(dispositions, d => d.CaseId <= 2, e: 0.5);

        Assert.All(rates.Groups, g => Assert.Equal(1 / 1.5, g.Rates.RR3, 12));
        Assert.Equal(2 / 3.0, rates.Total.RR3, 12);
    }

    [Fact]
    public void Rates_at_day_cut_offs_rederive_every_case_from_its_events()
    {
        var start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(1));
        CaseEvent[] events =
        [
            new(1, CaseEventTypes.WebComplete, start.AddDays(2), FieldworkModes.Web, "web"),
            new(2, CaseEventTypes.PaperReceived, start.AddDays(20), FieldworkModes.Paper, "scan"),
            new(3, CaseEventTypes.IneligibleDeceased, start.AddDays(5), FieldworkModes.Mail, "post"),
        ];

        var byDay = RatesByGroup.AtCutoffs([1, 2, 3, 4], events, [start.AddDays(30), start.AddDays(10)]);

        // Day 10: I=1, UH=2 (cases 2 and 4, nothing yet), NE=1 → RR1 = 1/3. Day 30: I=2 → RR1 = 2/3.
        Assert.Equal([start.AddDays(10), start.AddDays(30)], byDay.Select(r => r.Cutoff));
        Assert.Equal(1.0 / 3, byDay[0].Rates.RR1, 12);
        Assert.Equal(2.0 / 3, byDay[1].Rates.RR1, 12);
        Assert.Equal(1, byDay[0].Counts.NE);
    }
}
