using System.Diagnostics;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>What one refresh did: cases recomputed (claimed dirty marks), their events read, in how many slices, and how long it took.</summary>
public sealed record CaseStateRefreshResult(long EditionId, int Cases, long Events, int Slices, TimeSpan Elapsed);

/// <summary>
/// The per-case summary the fieldwork monitoring reads (<c>case_state</c>, migration 0007), kept up to
/// date from the events. Writers of <c>case_event</c> mark the cases they touch dirty in the same
/// transaction (<see cref="MarkDirtyAsync"/>, <see cref="MarkDirtySql"/>); <see cref="RefreshAsync"/>
/// claims the marks, reads those cases' events and derives their dispositions with
/// <see cref="CaseDispositions.DeriveAll"/> (the one definition of the precedence), then upserts the rows.
/// A sample person without a row has no event: open, 3.11, not contacted.
/// </summary>
public sealed class CaseStateStore(NpgsqlDataSource db)
{
    /// <summary>Cases claimed and recomputed per transaction (bounds the memory of a refresh: about 5 events per case).</summary>
    public const int SliceSize = 50_000;

    // pg_advisory_xact_lock(RefreshLockClass, edition id): one refresher of an edition at a time.
    private const int RefreshLockClass = 0x43535446; // "CSTF"

    /// <summary>
    /// Marks cases dirty: <c>@editionId</c> and <c>@caseIds</c> (sorted, distinct, so that two writers
    /// lock the marks in the same order). DO UPDATE rather than DO NOTHING: it locks an existing mark
    /// until the writer commits, so a refresh cannot claim it and read the case's events without the
    /// writer's (it waits, then sees them).
    /// </summary>
    internal const string MarkDirtySql = """
        insert into case_state_dirty (edition_id, case_id)
        select @editionId, id from unnest(@caseIds) as t(id)
        on conflict (edition_id, case_id) do update set marked_at = excluded.marked_at
        """;

    /// <summary>Marks the cases dirty inside the caller's transaction (the one that writes their events).</summary>
    internal static Task MarkDirtyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long editionId, IEnumerable<long> caseIds, CancellationToken ct)
    {
        var ids = caseIds.Distinct().Order().ToArray();
        return ids.Length == 0
            ? Task.CompletedTask
            : conn.ExecuteAsync(new CommandDefinition(MarkDirtySql, new { editionId, caseIds = ids }, tx, cancellationToken: ct));
    }

    /// <summary>The edition's id by year; null when there is no such edition.</summary>
    public async Task<long?> EditionIdAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from edition where year = @year", new { year }, cancellationToken: ct));
    }

    /// <summary>Whether some case of the edition waits for a refresh (a primary-key probe).</summary>
    public async Task<bool> HasDirtyAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from case_state_dirty where edition_id = @editionId)", new { editionId }, cancellationToken: ct));
    }

    /// <summary>
    /// Recomputes every dirty case of the edition, <see cref="SliceSize"/> cases per transaction. Each
    /// slice, under an advisory lock on the edition (one refresher at a time; a second waits, then
    /// finds little or nothing left): deletes the marks it claims (returning the case ids), reads all
    /// the events of those cases, derives dispositions and flags, upserts <c>case_state</c> (binary COPY
    /// into a temporary table, then INSERT … ON CONFLICT DO UPDATE) and bumps the edition's refresh
    /// counter, then commits. A mark written after the claim (new events) stays for the next refresh;
    /// a failure rolls the slice back with its marks. With nothing dirty it writes nothing.
    /// </summary>
    public async Task<CaseStateRefreshResult> RefreshAsync(long editionId, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        int cases = 0, slices = 0;
        long events = 0;
        while (true)
        {
            var (claimed, read) = await RefreshSliceAsync(editionId, ct);
            if (claimed == 0)
            {
                break;
            }

            cases += claimed;
            events += read;
            slices++;
        }

        return new CaseStateRefreshResult(editionId, cases, events, slices, watch.Elapsed);
    }

    private async Task<(int Cases, long Events)> RefreshSliceAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(@lockClass, @key)",
            new { lockClass = RefreshLockClass, key = unchecked((int)editionId) }, tx, cancellationToken: ct));

        // The slice's ids as an array, not a join: right after a season's bulk load the table's statistics can
        // still say it is empty, and the planner then joined the slice to a sequential scan of the table for
        // every claimed row (50,000 × 450,000 rows: a demo seed stuck for more than ten minutes). Matching an
        // array is one pass over the table at worst, and an index scan once statistics are known.
        var claimed = (await conn.QueryAsync<long>(new CommandDefinition(
            """
            delete from case_state_dirty
            where edition_id = @editionId
              and case_id = any(array(select case_id from case_state_dirty where edition_id = @editionId order by case_id limit @slice))
            returning case_id
            """, new { editionId, slice = SliceSize }, tx, cancellationToken: ct))).ToArray();
        if (claimed.Length == 0)
        {
            await tx.RollbackAsync(ct);
            return (0, 0);
        }

        Array.Sort(claimed);

        // Only the claimed cases that are sample persons of the edition get a row (the others have none to refer to).
        var persons = (await conn.QueryAsync<long>(new CommandDefinition(
            "select id from sample_person where edition_id = @editionId and id = any(@claimed) order by id",
            new { editionId, claimed }, tx, cancellationToken: ct))).ToList();

        var events = new List<CaseEvent>();
        var latest = new Dictionary<long, (string Type, DateTimeOffset At, long Id)>();
        await using (var command = new NpgsqlCommand(
            """
            select ev.id, ev.case_id, ev.type, ev.at, ev.mode, ev.source
            from case_event ev
            join sample_person p on p.id = ev.case_id and p.edition_id = @editionId
            where ev.edition_id = @editionId and ev.case_id = any(@claimed)
            """, conn, tx))
        {
            command.Parameters.AddWithValue("editionId", editionId);
            command.Parameters.AddWithValue("claimed", claimed);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                var e = new CaseEvent(reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetString(5));
                events.Add(e);
                if (!latest.TryGetValue(e.CaseId, out var last) || e.At > last.At || (e.At == last.At && id > last.Id))
                {
                    latest[e.CaseId] = (e.Type, e.At, id);
                }
            }
        }

        var rows = CaseStateRow.Compute(persons, events, latest);
        await using (var create = new NpgsqlCommand(
            """
            create temporary table case_state_slice (like case_state including defaults) on commit drop
            """, conn, tx))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var writer = await conn.BeginBinaryImportAsync(
            """
            copy case_state_slice (case_id, edition_id, disposition, aapor_category, state, response_mode, first_complete_at, decided_at,
                                   sent, reached, started, mail_undeliverable, email_bounced, wrong_number,
                                   appointment_at, web_partial_at, events, last_event_type, last_event_at)
            from stdin (format binary)
            """, ct))
        {
            foreach (var r in rows)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r.CaseId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(editionId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.Disposition, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.Category, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.State, NpgsqlDbType.Text, ct);
                await writer.WriteNullableAsync(r.ResponseMode, NpgsqlDbType.Text, ct);
                await writer.WriteNullableAsync(r.FirstCompleteAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await writer.WriteNullableAsync(r.DecidedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(r.Sent, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(r.Reached, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(r.Started, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(r.MailUndeliverable, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(r.EmailBounced, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(r.WrongNumber, NpgsqlDbType.Boolean, ct);
                await writer.WriteNullableAsync(r.AppointmentAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await writer.WriteNullableAsync(r.WebPartialAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(r.Events, NpgsqlDbType.Integer, ct);
                await writer.WriteNullableAsync(r.LastEventType, NpgsqlDbType.Text, ct);
                await writer.WriteNullableAsync(r.LastEventAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into case_state (case_id, edition_id, disposition, aapor_category, state, response_mode, first_complete_at, decided_at,
                                    sent, reached, started, mail_undeliverable, email_bounced, wrong_number,
                                    appointment_at, web_partial_at, events, last_event_type, last_event_at, refreshed_at)
            select case_id, edition_id, disposition, aapor_category, state, response_mode, first_complete_at, decided_at,
                   sent, reached, started, mail_undeliverable, email_bounced, wrong_number,
                   appointment_at, web_partial_at, events, last_event_type, last_event_at, now()
            from case_state_slice
            order by case_id
            on conflict (case_id) do update set
                edition_id = excluded.edition_id, disposition = excluded.disposition, aapor_category = excluded.aapor_category,
                state = excluded.state, response_mode = excluded.response_mode, first_complete_at = excluded.first_complete_at,
                decided_at = excluded.decided_at, sent = excluded.sent, reached = excluded.reached, started = excluded.started,
                mail_undeliverable = excluded.mail_undeliverable, email_bounced = excluded.email_bounced, wrong_number = excluded.wrong_number,
                appointment_at = excluded.appointment_at, web_partial_at = excluded.web_partial_at, events = excluded.events,
                last_event_type = excluded.last_event_type, last_event_at = excluded.last_event_at, refreshed_at = excluded.refreshed_at;

            insert into case_state_refresh (edition_id, refreshes, refreshed_at) values (@editionId, 1, now())
            on conflict (edition_id) do update set refreshes = case_state_refresh.refreshes + 1, refreshed_at = excluded.refreshed_at;
            """, new { editionId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (claimed.Length, events.Count);
    }

}

/// <summary>One case's summary as stored in <c>case_state</c>.</summary>
public sealed record CaseStateRow(
    long CaseId,
    string Disposition,
    string Category,
    string State,
    string? ResponseMode,
    DateTimeOffset? FirstCompleteAt,
    DateTimeOffset? DecidedAt,
    bool Sent,
    bool Reached,
    bool Started,
    bool MailUndeliverable,
    bool EmailBounced,
    bool WrongNumber,
    DateTimeOffset? AppointmentAt,
    DateTimeOffset? WebPartialAt,
    int Events,
    string? LastEventType,
    DateTimeOffset? LastEventAt)
{
    /// <summary>Event types that show the person was reached (the funnel's second stage).</summary>
    public static readonly IReadOnlySet<string> ReachedTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        CaseEventTypes.WebLogin, CaseEventTypes.WebPartial, CaseEventTypes.WebComplete, CaseEventTypes.PaperReceived,
        CaseEventTypes.PhoneAppointment, CaseEventTypes.PhoneRefusal, CaseEventTypes.PhoneComplete,
        CaseEventTypes.Refusal, CaseEventTypes.HelplineContact,
    };

    /// <summary>Event types that show the person started (the funnel's third stage).</summary>
    public static readonly IReadOnlySet<string> StartedTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        CaseEventTypes.WebLogin, CaseEventTypes.WebPartial, CaseEventTypes.WebComplete, CaseEventTypes.PaperReceived, CaseEventTypes.PhoneComplete,
    };

    /// <summary>Core's enum names as stored: snake_case (AaporCategory.UnknownHousehold → unknown_household).</summary>
    public static string Stored<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum Parse<TEnum>(string stored)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(stored.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);

    /// <summary>The rows of <paramref name="caseIds"/> from their events (all of them), dispositions by <see cref="CaseDispositions.DeriveAll"/>.</summary>
    public static List<CaseStateRow> Compute(
        IReadOnlyList<long> caseIds, IReadOnlyList<CaseEvent> events, IReadOnlyDictionary<long, (string Type, DateTimeOffset At, long Id)> latest)
    {
        var dispositions = CaseDispositions.DeriveAll(caseIds, events);
        var byCase = events.GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        var rows = new List<CaseStateRow>(caseIds.Count);
        foreach (var d in dispositions)
        {
            var own = byCase.TryGetValue(d.CaseId, out var list) ? list : [];
            bool Any(string type) => own.Exists(e => e.Type == type);
            DateTimeOffset? Last(string type) => own.Where(e => e.Type == type).Select(e => (DateTimeOffset?)e.At).Max();
            var last = latest.TryGetValue(d.CaseId, out var l) ? l : default;
            rows.Add(new CaseStateRow(
                d.CaseId,
                d.Code,
                Stored(d.Category),
                Stored(d.State),
                d.ResponseMode,
                d.FirstCompleteAt,
                d.DecidedBy.Count > 0 ? d.DecidedBy[0].At : null,
                Any(CaseEventTypes.CommunicationSent),
                own.Exists(e => ReachedTypes.Contains(e.Type)),
                own.Exists(e => StartedTypes.Contains(e.Type)),
                Any(CaseEventTypes.MailUndeliverable),
                Any(CaseEventTypes.EmailBounced),
                Any(CaseEventTypes.PhoneWrongNumber),
                Last(CaseEventTypes.PhoneAppointment),
                Last(CaseEventTypes.WebPartial),
                own.Count,
                last.Type,
                own.Count > 0 ? last.At : null));
        }

        return rows;
    }
}
