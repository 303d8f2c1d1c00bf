using System.Collections;
using Dapper;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

/// <summary>The per-case summary (<c>case_state</c>): dirty marks written with the events, and the refresh, against dispositions derived from the events.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class CaseStateStoreTests(DatabaseFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vs-case-state-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private CaseStateStore Store => new(fixture.DataSource);

    private sealed record StoredRow
    {
        public long CaseId { get; init; }
        public string Disposition { get; init; } = "";
        public string AaporCategory { get; init; } = "";
        public string State { get; init; } = "";
        public string? ResponseMode { get; init; }
        public DateTimeOffset? FirstCompleteAt { get; init; }
        public DateTimeOffset? DecidedAt { get; init; }
        public bool Sent { get; init; }
        public bool MailUndeliverable { get; init; }
        public bool EmailBounced { get; init; }
        public bool WrongNumber { get; init; }
        public DateTimeOffset? AppointmentAt { get; init; }
        public DateTimeOffset? WebPartialAt { get; init; }
        public int Events { get; init; }
        public string? LastEventType { get; init; }
        public DateTimeOffset RefreshedAt { get; init; }
    }

    private async Task<Dictionary<long, StoredRow>> RowsAsync(long editionId)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<StoredRow>(
            """
            select case_id, disposition, aapor_category, state, response_mode, first_complete_at, decided_at, sent,
                   mail_undeliverable, email_bounced, wrong_number, appointment_at, web_partial_at, events, last_event_type, refreshed_at
            from case_state where edition_id = @editionId
            """, new { editionId })).ToDictionary(r => r.CaseId);
    }

    private async Task<List<long>> DirtyAsync(long editionId)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<long>("select case_id from case_state_dirty where edition_id = @editionId order by case_id", new { editionId })).ToList();
    }

    private async Task<long> IdOfAsync(string pseudonymousId, long editionId)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            "select id from sample_person where pseudonymous_id = @pseudonymousId and edition_id = @editionId", new { pseudonymousId, editionId });
    }

    [DatabaseFact]
    public async Task The_refresh_gives_the_dispositions_of_CaseDispositions_on_the_events_for_every_case_of_a_simulated_season()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var (_, editionId) = await services.SimulatedSeasonAsync(3_000, seed: 21);
        var events = await services.EventsAsync(editionId);
        var caseIds = (await new SimulationStore(fixture.DataSource).CasesAsync(editionId, default)).Select(c => c.Id).ToList();
        Assert.Equal(events.Select(e => e.CaseId).Distinct().Order(), await DirtyAsync(editionId));

        var refresh = await Store.RefreshAsync(editionId, default);

        Assert.Equal((events.Select(e => e.CaseId).Distinct().Count(), (long)events.Count), (refresh.Cases, refresh.Events));
        Assert.Empty(await DirtyAsync(editionId));
        var rows = await RowsAsync(editionId);
        var byCase = events.GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        var checkedRows = 0;
        foreach (var d in CaseDispositions.DeriveAll(caseIds, events))
        {
            if (!rows.TryGetValue(d.CaseId, out var row))
            {
                // No row: no event, which the monitoring reads as 3.11.
                Assert.False(byCase.ContainsKey(d.CaseId));
                Assert.Equal(DispositionCodes.NotMailed, d.Disposition);
                continue;
            }

            var own = byCase[d.CaseId];
            Assert.Equal(
                (d.Code, CaseStateRow.Stored(d.Category), CaseStateRow.Stored(d.State), d.ResponseMode, d.FirstCompleteAt, d.DecidedBy.Count > 0 ? d.DecidedBy[0].At : (DateTimeOffset?)null),
                (row.Disposition, row.AaporCategory, row.State, row.ResponseMode, row.FirstCompleteAt, row.DecidedAt));
            Assert.Equal(own.Count, row.Events);
            Assert.Equal(own.Exists(e => e.Type == CaseEventTypes.CommunicationSent), row.Sent);
            Assert.Equal(
                (own.Exists(e => e.Type == CaseEventTypes.MailUndeliverable), own.Exists(e => e.Type == CaseEventTypes.EmailBounced), own.Exists(e => e.Type == CaseEventTypes.PhoneWrongNumber)),
                (row.MailUndeliverable, row.EmailBounced, row.WrongNumber));
            Assert.Equal(own.Where(e => e.Type == CaseEventTypes.PhoneAppointment).Select(e => (DateTimeOffset?)e.At).Max(), row.AppointmentAt);
            Assert.Equal(own.Where(e => e.Type == CaseEventTypes.WebPartial).Select(e => (DateTimeOffset?)e.At).Max(), row.WebPartialAt);
            Assert.Equal(own.Max(e => e.At), own.Where(e => e.Type == row.LastEventType).Max(e => e.At));
            checkedRows++;
        }

        Assert.Equal(rows.Count, checkedRows);
        Assert.Contains(rows.Values, r => r.Disposition == "1.1");
        Assert.Contains(rows.Values, r => r.AaporCategory == "not_eligible");

        // Nothing dirty: a second refresh claims nothing and writes nothing.
        var again = await Store.RefreshAsync(editionId, default);
        Assert.Equal((0, 0L, 0), (again.Cases, again.Events, again.Slices));
        Assert.Equal(rows.Values.Select(r => (r.CaseId, r.RefreshedAt)).Order(), (await RowsAsync(editionId)).Values.Select(r => (r.CaseId, r.RefreshedAt)).Order());
    }

    [DatabaseFact]
    public async Task A_batch_loaded_after_a_refresh_makes_exactly_its_cases_dirty_and_the_next_refresh_updates_them()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(4, folder);
        var editionId = (await services.Protocol.GetEditionAsync(year, default)).Id;
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder,
            "EXT-00001,web_login,2025-03-05T10:15:00+01:00,web,web-platform",
            "EXT-00002,phone_appointment,2025-03-06T18:00:00+01:00,phone,cati"), year, default);
        await Store.RefreshAsync(editionId, default);
        var (first, second, third) = (await IdOfAsync("EXT-00001", editionId), await IdOfAsync("EXT-00002", editionId), await IdOfAsync("EXT-00003", editionId));
        var before = await RowsAsync(editionId);
        Assert.Equal(("2.1121", "2.21"), (before[first].Disposition, before[second].Disposition));

        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder,
            "EXT-00001,web_complete,2025-03-07T10:15:00+01:00,web,web-platform",
            "EXT-00003,refusal,2025-03-08T09:00:00+01:00,mail,helpline"), year, default);

        Assert.Equal([first, third], await DirtyAsync(editionId));
        var refresh = await Store.RefreshAsync(editionId, default);
        var after = await RowsAsync(editionId);
        Assert.Equal((2, 3L), (refresh.Cases, refresh.Events));
        Assert.Equal(("1.1", "web", 2), (after[first].Disposition, after[first].ResponseMode, after[first].Events));
        Assert.Equal(("2.11", "refused"), (after[third].Disposition, after[third].State));
        Assert.Equal(before[second], after[second]);

        // A protocol step marks the cases it writes to in the same statement.
        var sent = await services.Protocol.ApplyStepAsync(editionId, VrsProtocol.Default[0], Guid.NewGuid(), new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero), default);
        Assert.Equal(sent, (await DirtyAsync(editionId)).Count);
        await Store.RefreshAsync(editionId, default);
        Assert.True((await RowsAsync(editionId))[second].Sent);
    }

    [DatabaseFact]
    public async Task A_failed_import_leaves_no_events_and_no_dirty_marks()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(2, folder);
        var editionId = (await services.Protocol.GetEditionAsync(year, default)).Id;
        var caseId = await IdOfAsync("EXT-00001", editionId);
        var events = new FailsOnSecondPass([new CaseEvent(caseId, CaseEventTypes.WebLogin, new DateTimeOffset(2025, 3, 5, 9, 0, 0, TimeSpan.Zero), "web", "web-platform")]);

        // The COPY goes through; enumerating the events again for the marks fails, inside the transaction.
        await Assert.ThrowsAsync<InvalidOperationException>(() => services.Events.LoadBatchAsync(editionId, "broken.csv", new string('a', 64), events, default));

        Assert.Equal(0, await services.Events.CountAsync(year, default));
        Assert.Empty(await DirtyAsync(editionId));
        Assert.Null(await services.Events.FindBatchAsync(editionId, new string('a', 64), default));
    }

    [DatabaseFact]
    public async Task A_refresh_running_while_an_import_is_uncommitted_waits_for_it_and_loses_none_of_its_events()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(2, folder);
        var editionId = (await services.Protocol.GetEditionAsync(year, default)).Id;
        var caseId = await IdOfAsync("EXT-00001", editionId);
        // The case is already dirty (an earlier batch, not yet refreshed).
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder, "EXT-00001,web_login,2025-03-05T10:15:00+01:00,web,web-platform"), year, default);

        // A writer inside its transaction: its event and its mark written, not committed.
        await using var writer = await fixture.DataSource.OpenConnectionAsync();
        await using var tx = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync(
            "insert into case_event (edition_id, case_id, type, at, mode, source) values (@editionId, @caseId, 'web_complete', '2025-03-06T09:00:00Z', 'web', 'web-platform')",
            new { editionId, caseId }, tx);
        await writer.ExecuteAsync(
            """
            insert into case_state_dirty (edition_id, case_id) values (@editionId, @caseId)
            on conflict (edition_id, case_id) do update set marked_at = excluded.marked_at
            """, new { editionId, caseId }, tx);

        // The refresh must not claim the locked mark and read the case without the writer's event: it waits.
        var refresh = Store.RefreshAsync(editionId, default);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(refresh.IsCompleted);
        await tx.CommitAsync();
        await refresh;

        var row = (await RowsAsync(editionId))[caseId];
        Assert.Equal(("1.1", 2), (row.Disposition, row.Events));
        Assert.Empty(await DirtyAsync(editionId));
    }

    /// <summary>A list whose second enumeration throws.</summary>
    private sealed class FailsOnSecondPass(IReadOnlyList<CaseEvent> events) : IReadOnlyList<CaseEvent>
    {
        private int passes;

        public int Count => events.Count;

        public CaseEvent this[int index] => events[index];

        public IEnumerator<CaseEvent> GetEnumerator() =>
            ++passes > 1 ? throw new InvalidOperationException("second pass") : events.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
