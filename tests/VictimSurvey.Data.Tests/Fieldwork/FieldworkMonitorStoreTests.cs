using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

/// <summary>
/// The monitoring's figures on ten cases with one disposition each, against AAPOR's formulas worked
/// by hand: I = 3 (web, paper, phone), R = 2 (refusal, break-off), NC = 1, O = 1, UH = 1, UO = 1, NE = 1.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class FieldworkMonitorStoreTests(DatabaseFixture fixture) : IDisposable
{
    private const double Tolerance = 1e-12;
    private readonly string folder = Directory.CreateTempSubdirectory("vs-monitor-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [DatabaseFact]
    public async Task Rates_funnel_and_curves_match_the_AAPOR_figures_computed_by_hand()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(10, folder);
        var sent = Enumerable.Range(1, 9).Select(k => $"EXT-{k:D5},communication_sent,2025-03-03T10:00:00+01:00,mail,protocol").ToArray();
        string[] outcomes =
        [
            "EXT-00001,web_complete,2025-03-05T10:00:00+01:00,web,web-platform",       // 1.1 web, day 2
            "EXT-00001,paper_received,2025-03-25T10:00:00+01:00,paper,scanning",       // duplicate, not used
            "EXT-00002,web_login,2025-03-06T10:00:00+01:00,web,web-platform",
            "EXT-00002,paper_received,2025-03-20T10:00:00+01:00,paper,scanning",       // 1.1 paper, day 17
            "EXT-00003,phone_complete,2025-04-10T18:00:00+02:00,phone,cati",           // 1.1 phone, day 38
            "EXT-00004,refusal,2025-03-07T09:00:00+01:00,mail,helpline",               // 2.11
            "EXT-00005,web_partial,2025-03-08T09:00:00+01:00,web,web-platform",        // 2.12 (share unknown), open
            "EXT-00006,phone_appointment,2025-04-12T18:00:00+02:00,phone,cati",        // 2.21, appointment due
            "EXT-00007,helpline_contact,2025-03-09T11:00:00+01:00,phone,helpline",     // 2.36
            "EXT-00009,mail_undeliverable,2025-03-10T09:00:00+01:00,mail,la-poste",    // 3.30; EXT-00008 stays 3.19
            "EXT-00010,ineligible_deceased,2025-03-11T09:00:00+01:00,mail,family",     // 4.11
        ];
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder, [.. sent, .. outcomes]), year, default);

        var monitor = await new FieldworkMonitorStore(fixture.DataSource, TimeProvider.System).LoadAsync(year, default);

        Assert.Equal(20, monitor.Events);
        var c = monitor.Counts;
        Assert.Equal((3L, 0L, 2L, 1L, 1L, 1L, 1L, 1L), (c.I, c.P, c.R, c.NC, c.O, c.UH, c.UO, c.NE));
        // e = (I+P+R+NC+O) / (I+P+R+NC+O+NE) = 7/8; eligible 7, unknown 2, e·unknown = 1.75.
        var r = monitor.National;
        Assert.Equal(7.0 / 8, r.E, Tolerance);
        Assert.Equal(3.0 / 9, r.RR1, Tolerance);
        Assert.Equal(3.0 / 9, r.RR2, Tolerance);
        Assert.Equal(3.0 / 8.75, r.RR3, Tolerance);
        Assert.Equal(3.0 / 8.75, r.RR4, Tolerance);
        Assert.Equal(3.0 / 7, r.RR5, Tolerance);
        Assert.Equal(3.0 / 7, r.RR6, Tolerance);
        Assert.Equal(3.0 / 6, r.COOP1, Tolerance);
        Assert.Equal(3.0 / 6, r.COOP2, Tolerance);
        Assert.Equal(3.0 / 5, r.COOP3, Tolerance);
        Assert.Equal(3.0 / 5, r.COOP4, Tolerance);
        Assert.Equal(2.0 / 9, r.REF1, Tolerance);
        Assert.Equal(2.0 / 8.75, r.REF2, Tolerance);
        Assert.Equal(2.0 / 7, r.REF3, Tolerance);
        Assert.Equal(6.0 / 9, r.CON1, Tolerance);
        Assert.Equal(6.0 / 8.75, r.CON2, Tolerance);
        Assert.Equal(6.0 / 7, r.CON3, Tolerance);

        // Departments: odd cases in 75 (I 2, R 1, O 1, UO 1: e = 1), even ones in 2A (I 1, R 1, NC 1, UH 1, NE 1: e = 3/4).
        var paris = monitor.ByDepartment.Groups.Single(g => g.Key == "75");
        var corse = monitor.ByDepartment.Groups.Single(g => g.Key == "2A");
        Assert.Equal(2.0 / 5, paris.Rates.RR1, Tolerance);
        Assert.Equal(1.0, paris.Rates.E, Tolerance);
        Assert.Equal(1.0 / 4, corse.Rates.RR1, Tolerance);
        Assert.Equal(1.0 / 3.75, corse.Rates.RR3, Tolerance);
        Assert.Equal(3.0 / 4, corse.Rates.E, Tolerance);

        Assert.Equal(["none", "paper", "phone", "web"], monitor.ByMode.Groups.Select(g => g.Key));
        Assert.All(monitor.ByMode.Groups.Where(g => g.Key != "none"), g => Assert.Equal(1, g.Counts.I));
        Assert.Equal(10, monitor.BySex.Groups.Sum(g => g.Counts.Total));
        Assert.Equal(10, monitor.ByAgeGroup.Groups.Sum(g => g.Counts.Total));

        Assert.Equal(new FieldworkFunnel(Cases: 10, Sent: 9, Reached: 7, Started: 4, Complete: 3), monitor.Funnel);
        Assert.Equal(new UndeliverableCounts(MailUndeliverable: 1, EmailBounced: 0, WrongNumber: 0), monitor.Undeliverable);
        Assert.Equal(new CasesNeedingAction(AppointmentsDue: 1, PartialWeb: 1), monitor.Action);
        Assert.Equal(new DepartmentUndeliverable("75", 5, 1, 0, 0), monitor.UndeliverableByDepartment.Single(u => u.Department == "75"));
        Assert.Equal(0, monitor.UndeliverableByDepartment.Single(u => u.Department == "2A").MailUndeliverable);

        // The season runs from 2025-03-03 (day 0) to 2025-07-31 (day 150) and is long over, but the
        // data stop on 2025-04-12 (the appointment, day 40): curves and R-indicators run to day 40.
        Assert.Equal((40, new DateOnly(2025, 4, 12)), (monitor.AsOfDay, monitor.AsOfDate));

        // R-indicator at the end of every 7th day and of day 40: 9 eligible cases (one deceased), 3 completes.
        Assert.Equal([7, 14, 21, 28, 35, 40], monitor.Representativeness.Select(p => p.Day));
        var last = monitor.Representativeness[^1];
        Assert.Equal((40, 9L, 3L), (last.Day, last.Eligible, last.Respondents));
        Assert.Equal(new DateTimeOffset(2025, 4, 13, 0, 0, 0, TimeSpan.FromHours(1)), last.Cutoff);

        // The curves: days 0 to 40, RR1 denominator 9.
        var curves = monitor.Curves!;
        Assert.Equal(41, curves.Days);
        Assert.Equal(9, curves.Denominator);
        var web = curves.ByMode.Single(m => m.Mode == "web").Rates;
        var paper = curves.ByMode.Single(m => m.Mode == "paper").Rates;
        var phone = curves.ByMode.Single(m => m.Mode == "phone").Rates;
        Assert.Equal((0.0, 1.0 / 9), (web[1], web[2]));
        Assert.Equal((0.0, 1.0 / 9), (paper[16], paper[17]));
        Assert.Equal((0.0, 1.0 / 9), (phone[37], phone[38]));
        Assert.Equal(3.0 / 9, curves.Total.Rates[^1], Tolerance);
    }

    [DatabaseFact]
    public async Task On_a_simulated_season_the_figures_read_from_the_case_states_equal_those_derived_from_the_events()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var (year, editionId) = await services.SimulatedSeasonAsync(3_000, seed: 33);
        var events = await services.EventsAsync(editionId);
        var persons = (await new SimulationStore(fixture.DataSource).CasesAsync(editionId, default)).ToList();
        var now = new DateTimeOffset(2024, 2, 20, 12, 0, 0, TimeSpan.Zero); // mid-season: curves to day 36, appointments in the future not due
        var store = new FieldworkMonitorStore(fixture.DataSource, new VictimSurvey.Data.Tests.Accounts.ManualClock(now));

        // The store finds the cases dirty and refreshes them before reading.
        var monitor = await store.LoadAsync(year, default);

        // The oracle: every case's disposition from all its events, the flags from its event types.
        var dispositions = CaseDispositions.DeriveAll(persons.Select(p => p.Id), events);
        var department = persons.ToDictionary(p => p.Id, p => p.DepartmentCode);
        var typesOf = events.GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        bool Has(long id, params string[] types) => typesOf.TryGetValue(id, out var own) && own.Exists(e => types.Contains(e.Type));
        Assert.Equal(events.Count, monitor.Events);
        Assert.Equal(DispositionCounts.From(dispositions), monitor.Counts);
        Assert.Equal(AaporRates.Compute(DispositionCounts.From(dispositions), null), monitor.National);
        var byDepartment = RatesByGroup.Compute(dispositions, d => department[d.CaseId], order: DomainOrder.Instance);
        Assert.Equal(byDepartment.Groups.Select(g => (g.Key, g.Counts)), monitor.ByDepartment.Groups.Select(g => (g.Key, g.Counts)));
        Assert.Equal(
            RatesByGroup.Compute(dispositions, d => d.ResponseMode ?? MonitorGroupings.NoResponseMode).Groups.Select(g => (g.Key, g.Counts)),
            monitor.ByMode.Groups.Select(g => (g.Key, g.Counts)));
        Assert.Equal(
            new FieldworkFunnel(
                persons.Count,
                persons.LongCount(p => Has(p.Id, CaseEventTypes.CommunicationSent)),
                persons.LongCount(p => Has(p.Id, [.. CaseStateRow.ReachedTypes])),
                persons.LongCount(p => Has(p.Id, [.. CaseStateRow.StartedTypes])),
                dispositions.LongCount(d => d.Code == "1.1")),
            monitor.Funnel);
        Assert.Equal(
            new UndeliverableCounts(
                persons.LongCount(p => Has(p.Id, CaseEventTypes.MailUndeliverable)),
                persons.LongCount(p => Has(p.Id, CaseEventTypes.EmailBounced)),
                persons.LongCount(p => Has(p.Id, CaseEventTypes.PhoneWrongNumber))),
            monitor.Undeliverable);
        var open = dispositions.Where(d => d.IsOpen).Select(d => d.CaseId).ToHashSet();
        Assert.Equal(
            new CasesNeedingAction(
                open.LongCount(id => typesOf.TryGetValue(id, out var own) && own.Where(e => e.Type == CaseEventTypes.PhoneAppointment).Select(e => (DateTimeOffset?)e.At).Max() <= now),
                open.LongCount(id => Has(id, CaseEventTypes.WebPartial))),
            monitor.Action);
        Assert.True(monitor.Action.AppointmentsDue + monitor.Action.PartialWeb > 0);
        var page = await store.PageCasesNeedingActionAsync(year, new ActionCaseQuery(0, 500), default);
        Assert.Equal(monitor.Action.AppointmentsDue + monitor.Action.PartialWeb, page.Total);

        var start = new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.FromHours(1));
        var curves = CumulativeResponse.ByDayAndMode(dispositions, start, monitor.Curves!.Days);
        Assert.Equal(37, curves.Days);
        Assert.Equal((36, new DateOnly(2024, 2, 20)), (monitor.AsOfDay, monitor.AsOfDate)); // today: the whole season is simulated, with events after today
        Assert.Equal(curves.Total.Rates, monitor.Curves.Total.Rates);
        Assert.Equal(curves.ByMode.SelectMany(m => m.Rates), monitor.Curves.ByMode.SelectMany(m => m.Rates));
        var r = RIndicatorOverTime.Compute(
            dispositions,
            (await PersonsAsync(editionId)).Select(p => p.DesignWeight).ToArray(),
            [
                (MonitorGroupings.AgeGroup, persons.Select(p => p.AgeGroup).ToList()),
                (MonitorGroupings.Sex, persons.Select(p => p.Sex).ToList()),
                (MonitorGroupings.Department, persons.Select(p => p.DepartmentCode).ToList()),
            ],
            start,
            RIndicatorOverTime.WeeklyDays(curves.Days - 1));
        Assert.Equal(r.Select(p => (p.Day, p.Eligible, p.Respondents, p.Result?.R)), monitor.Representativeness.Select(p => (p.Day, p.Eligible, p.Respondents, p.Result?.R)));
    }

    private async Task<List<MonitoredCase>> PersonsAsync(long editionId)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return (await Dapper.SqlMapper.QueryAsync<MonitoredCase>(conn,
            "select id, design_weight from sample_person where edition_id = @editionId order by id", new { editionId })).ToList();
    }

    [DatabaseFact]
    public async Task Cases_needing_action_are_the_open_ones_paged_and_sorted_in_SQL()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(6, folder);
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder,
            "EXT-00001,phone_appointment,2025-03-10T18:00:00+01:00,phone,cati",   // due
            "EXT-00001,phone_no_answer,2025-03-11T18:00:00+01:00,phone,cati",     // its last event
            "EXT-00002,web_partial,2025-03-08T09:00:00+01:00,web,web-platform",   // partial
            "EXT-00003,web_partial,2025-03-08T09:00:00+01:00,web,web-platform",
            "EXT-00003,web_complete,2025-03-09T09:00:00+01:00,web,web-platform",  // closed: not listed
            "EXT-00004,phone_appointment,2025-03-12T18:00:00+01:00,phone,cati",
            "EXT-00004,refusal,2025-03-13T09:00:00+01:00,mail,helpline",          // closed: not listed
            "EXT-00005,phone_appointment,2025-07-01T18:00:00+02:00,phone,cati",   // not due yet on 2025-06-01
            "EXT-00006,web_partial,2025-03-14T09:00:00+01:00,web,web-platform",
            "EXT-00006,phone_appointment,2025-03-15T18:00:00+01:00,phone,cati"), year, default); // both
        var store = new FieldworkMonitorStore(fixture.DataSource, new VictimSurvey.Data.Tests.Accounts.ManualClock(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)));

        var all = await store.PageCasesNeedingActionAsync(year, new ActionCaseQuery(0, 10, ActionCaseQuery.SortCase), default);
        var descending = await store.PageCasesNeedingActionAsync(year, new ActionCaseQuery(0, 2, ActionCaseQuery.SortSince, Descending: true), default);
        var appointments = await store.PageCasesNeedingActionAsync(year, new ActionCaseQuery(0, 10, "drop table case_event", Reason: ActionReasons.AppointmentDue), default);
        var past = await store.PageCasesNeedingActionAsync(year, new ActionCaseQuery(10, 10), default);

        Assert.Equal(4, all.Total);
        Assert.Equal(["EXT-00001", "EXT-00002", "EXT-00006", "EXT-00006"], all.Items.Select(i => i.CaseId));
        Assert.Equal([ActionReasons.AppointmentDue, ActionReasons.PartialWeb, ActionReasons.AppointmentDue, ActionReasons.PartialWeb], all.Items.Select(i => i.Reason));
        Assert.Equal(("phone_no_answer", new DateTimeOffset(2025, 3, 11, 17, 0, 0, TimeSpan.Zero)), (all.Items[0].LastEvent, all.Items[0].LastEventAt));
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 17, 0, 0, TimeSpan.Zero), all.Items[0].Since);
        Assert.Equal(4, descending.Total);
        Assert.Equal([ActionReasons.AppointmentDue, ActionReasons.PartialWeb], descending.Items.Select(i => i.Reason));
        Assert.Equal(["EXT-00001", "EXT-00006"], appointments.Items.Select(i => i.CaseId));
        Assert.Equal((0, 4L), (past.Items.Count, past.Total));
        Assert.Equal((await store.LoadAsync(year, default)).Action, new CasesNeedingAction(AppointmentsDue: 2, PartialWeb: 2));
    }

    [DatabaseFact]
    public async Task The_change_stamp_moves_when_a_batch_is_stored_and_the_read_model_is_reused_until_something_changes()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(2, folder);
        var store = new FieldworkMonitorStore(fixture.DataSource, TimeProvider.System);
        var before = await store.ChangeStampAsync(default);
        var first = await store.LoadAsync(year, default);
        Assert.Same(first, await store.LoadAsync(year, default));

        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder, "EXT-00001,web_login,2025-03-05T10:15:00+01:00,web,web-platform"), year, default);

        Assert.NotEqual(before, await store.ChangeStampAsync(default));
        Assert.Equal(await store.ChangeStampAsync(default), await store.ChangeStampAsync(default));
        var after = await store.LoadAsync(year, default);
        Assert.Equal((0L, 1L), (first.Events, after.Events));
        await services.Protocol.SetSeasonAsync(year, FieldworkServices.SeasonStart, FieldworkServices.SeasonEnd.AddDays(10), default);
        Assert.Equal(FieldworkServices.SeasonEnd.AddDays(10), (await store.LoadAsync(year, default)).SeasonEnd);
    }

    [DatabaseFact]
    public async Task An_edition_without_events_is_all_not_contacted_and_the_latest_edition_with_events_is_found()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(4, folder);
        var store = new FieldworkMonitorStore(fixture.DataSource, TimeProvider.System);

        var monitor = await store.LoadAsync(year, default);

        Assert.Equal(0, monitor.Events);
        Assert.Equal(4, monitor.Counts.UH);
        Assert.Equal(0, monitor.National.RR1);
        Assert.Equal(new FieldworkFunnel(4, 0, 0, 0, 0), monitor.Funnel);
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder, "EXT-00001,web_login,2025-03-05T10:15:00+01:00,web,web-platform"), year, default);
        Assert.NotNull(await store.LatestYearWithEventsAsync(default));
        await Assert.ThrowsAsync<FieldworkException>(() => store.LoadAsync(1900, default));
    }
}
