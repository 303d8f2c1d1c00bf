using Dapper;
using Npgsql;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>A sample person as the monitoring groups it.</summary>
public sealed record MonitoredCase
{
    public long Id { get; init; }
    public string Department { get; init; } = "";
    public string Sex { get; init; } = "";
    public string AgeGroup { get; init; } = "";
    public double DesignWeight { get; init; }
}

/// <summary>Cases at each stage: sent (a communication went out) → reached (any sign of the person) → started (web login or partial, or any complete) → complete (disposition 1.1).</summary>
public sealed record FieldworkFunnel(long Cases, long Sent, long Reached, long Started, long Complete);

/// <summary>Cases whose invitation did not reach them, by the event that said so.</summary>
public sealed record UndeliverableCounts(long MailUndeliverable, long EmailBounced, long WrongNumber);

/// <summary>Undeliverable invitations of one department's cases (cases, not events).</summary>
public sealed record DepartmentUndeliverable(string Department, long Cases, long MailUndeliverable, long EmailBounced, long WrongNumber);

/// <summary>Open cases someone has to act on: a telephone appointment whose time has come, a web questionnaire left partial.</summary>
public sealed record CasesNeedingAction(long AppointmentsDue, long PartialWeb);

/// <summary>Why a case needs action.</summary>
public static class ActionReasons
{
    /// <summary>A telephone appointment whose time (the event's time) has passed, the case still open.</summary>
    public const string AppointmentDue = "appointment_due";

    /// <summary>A web questionnaire left partial, the case still open.</summary>
    public const string PartialWeb = "partial_web";

    public static IReadOnlyList<string> All { get; } = [AppointmentDue, PartialWeb];
}

/// <summary>A page of the cases needing action: <see cref="Skip"/> rows skipped, <see cref="Take"/> at most, sorted by a whitelisted key.</summary>
/// <param name="Reason">One of <see cref="ActionReasons"/>, or null for both.</param>
public sealed record ActionCaseQuery(int Skip, int Take, string? SortBy = null, bool Descending = false, string? Reason = null)
{
    public const string SortCase = "case";
    public const string SortDepartment = "department";
    public const string SortReason = "reason";
    public const string SortSince = "since";
    public const string SortLastEvent = "last_event";

    public static IReadOnlyList<string> SortKeys { get; } = [SortCase, SortDepartment, SortReason, SortSince, SortLastEvent];
}

/// <summary>A case needing action: its pseudonymous id, department, why and since when, and its last event.</summary>
public sealed record ActionCase(string CaseId, string Department, string Reason, DateTimeOffset Since, string LastEvent, DateTimeOffset LastEventAt);

/// <summary>One page of <see cref="ActionCase"/> rows and the total over all pages.</summary>
public sealed record ActionCasePage(IReadOnlyList<ActionCase> Items, long Total);

/// <summary>Everything the monitoring page shows for one edition, from one load.</summary>
/// <param name="AsOfDay">The last season day the curves and R-indicators run to (<see cref="SeasonDays.AsOfDay"/>: the latest event's day, never after the season's end nor today); null without a season.</param>
/// <param name="AsOfDate">The calendar date of <paramref name="AsOfDay"/>.</param>
public sealed record FieldworkMonitor(
    int Year,
    DateOnly? SeasonStart,
    DateOnly? SeasonEnd,
    long Events,
    DispositionCounts Counts,
    ResponseRates National,
    GroupedRates<string> ByDepartment,
    GroupedRates<string> ByAgeGroup,
    GroupedRates<string> BySex,
    GroupedRates<string> ByMode,
    ResponseCurves? Curves,
    FieldworkFunnel Funnel,
    UndeliverableCounts Undeliverable,
    IReadOnlyList<DepartmentUndeliverable> UndeliverableByDepartment,
    CasesNeedingAction Action,
    IReadOnlyList<RIndicatorAtCutoff> Representativeness,
    int? AsOfDay = null,
    DateOnly? AsOfDate = null)
{
    /// <summary>The variables of the R-indicator's response model and partial indicators, in this order.</summary>
    public static IReadOnlyList<string> RepresentativenessVariables { get; } = [MonitorGroupings.AgeGroup, MonitorGroupings.Sex, MonitorGroupings.Department];

    /// <summary>The rates grouped by <paramref name="by"/> (department, age_group, sex, mode).</summary>
    public GroupedRates<string> By(string by) => by switch
    {
        MonitorGroupings.Department => ByDepartment,
        MonitorGroupings.AgeGroup => ByAgeGroup,
        MonitorGroupings.Sex => BySex,
        MonitorGroupings.Mode => ByMode,
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, $"unknown grouping; one of {string.Join(", ", MonitorGroupings.All)}"),
    };
}

/// <summary>The groupings of the rates.</summary>
public static class MonitorGroupings
{
    public const string Department = "department";
    public const string AgeGroup = "age_group";
    public const string Sex = "sex";
    public const string Mode = "mode";

    /// <summary>The response-mode group of cases without a complete used.</summary>
    public const string NoResponseMode = "none";

    public static IReadOnlyList<string> All { get; } = [Department, AgeGroup, Sex, Mode];
}

/// <summary>
/// The fieldwork monitoring's read model: one query (the sample persons with their
/// <c>case_state</c> row, migration 0007) and the rates, curves, funnel, counts and R-indicators
/// computed in memory from it. The dispositions in <c>case_state</c> are those of
/// <see cref="CaseDispositions.DeriveAll"/> on each case's events (<see cref="CaseStateStore"/>); a
/// person without a row has no event (3.11, open, not contacted).
/// </summary>
/// <remarks>
/// Cases marked dirty by an import or a protocol step are recomputed before reading
/// (<see cref="CaseStateStore.RefreshAsync"/>, usually already done by the background
/// <c>CaseStateRefreshJob</c>), so the figures always reflect every committed event. Web partials
/// count as break-offs (2.12) until the answered shares of the stored responses are available.
/// </remarks>
public sealed class FieldworkMonitorStore(NpgsqlDataSource db, TimeProvider time)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly CaseStateStore caseState = new(db);

    /// <summary>The most recent edition that has events; null when none has.</summary>
    public async Task<int?> LatestYearWithEventsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            """
            select max(e.year)
            from edition e
            where exists (select 1 from case_event ev where ev.edition_id = e.id)
            """, cancellationToken: ct));
    }

    /// <summary>How long a computed read model is reused while nothing changed (its "today" and "appointments due" move with the clock).</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (string Key, DateTimeOffset At, FieldworkMonitor Monitor)> cache = new();

    /// <summary>
    /// The read model, computed again only when something it depends on changed: the case states
    /// (the edition's refresh counter; dirty cases are refreshed first), the events and batches, the
    /// sample (largest person id) or the season, or after <see cref="CacheLifetime"/>. Every open
    /// page, refresh and export of the same edition on this server then shares one computation; the
    /// key costs a few primary-key look-ups.
    /// </summary>
    /// <exception cref="FieldworkException">No such edition.</exception>
    public async Task<FieldworkMonitor> LoadAsync(int year, CancellationToken ct)
    {
        await RefreshIfDirtyAsync(year, ct);
        string key;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            key = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                """
                select concat_ws('/', (select max(id) from case_event), (select max(id) from event_batch),
                                 (select max(id) from sample_person), e.season_start, e.season_end,
                                 (select r.refreshes from case_state_refresh r where r.edition_id = e.id))
                from edition e
                where e.year = @year
                """, new { year }, cancellationToken: ct))
                ?? throw new FieldworkException($"edition {year} does not exist");
        }

        var now = time.GetUtcNow();
        if (cache.TryGetValue(year, out var hit) && hit.Key == key && now - hit.At < CacheLifetime)
        {
            return hit.Monitor;
        }

        var monitor = await ComputeAsync(year, ct, null);
        cache[year] = (key, now, monitor);
        return monitor;
    }

    /// <summary>Refreshes the edition's dirty cases, if any (with the edition's id, one query and a primary-key probe when there are none).</summary>
    /// <exception cref="FieldworkException">No such edition.</exception>
    private async Task<long> RefreshIfDirtyAsync(int year, CancellationToken ct)
    {
        EditionProbe? edition;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            edition = await conn.QuerySingleOrDefaultAsync<EditionProbe>(new CommandDefinition(
                """
                select e.id, exists (select 1 from case_state_dirty d where d.edition_id = e.id) as dirty
                from edition e
                where e.year = @year
                """, new { year }, cancellationToken: ct));
        }

        if (edition is not { } found)
        {
            // No such edition.
            throw new FieldworkException($"edition {year} does not exist");
        }

        if (found.Dirty)
        {
            await caseState.RefreshAsync(found.Id, ct);
        }

        return found.Id;
    }

    /// <summary>The read model computed now, without the cache (dirty cases refreshed first).</summary>
    /// <exception cref="FieldworkException">No such edition.</exception>
    /// <param name="phases">Told the duration of each phase (the refresh, the query, each part of the computation), for the benchmark.</param>
    public async Task<FieldworkMonitor> LoadFreshAsync(int year, CancellationToken ct, Action<string, TimeSpan>? phases = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await RefreshIfDirtyAsync(year, ct);
        phases?.Invoke("dirty cases refreshed (none: one probe)", watch.Elapsed);
        return await ComputeAsync(year, ct, phases);
    }

    private async Task<FieldworkMonitor> ComputeAsync(int year, CancellationToken ct, Action<string, TimeSpan>? phases)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync(ct);
        var edition = await conn.QuerySingleOrDefaultAsync<FieldworkEdition>(new CommandDefinition(
            "select id, year, status, season_start, season_end from edition where year = @year", new { year }, cancellationToken: ct))
            ?? throw new FieldworkException($"edition {year} does not exist");

        var cases = new List<MonitoredCase>();
        var states = new List<StoredState>();
        await using (var command = new NpgsqlCommand(
            """
            select p.id, p.department_code, p.sex, p.age_group, p.design_weight,
                   -- Code, state and mode as positions in the lists passed (1-based; 0 = none): no string per row to read.
                   array_position(@codes, s.disposition) as disposition, array_position(@states, s.state) as state,
                   coalesce(array_position(@modes, s.response_mode), 0) as response_mode, s.first_complete_at, s.decided_at,
                   -- The six flags and "has a web partial" as bits of one integer: fewer values to read per row.
                   -- (In PostgreSQL | and << have the same precedence, left to right: every shift in parentheses.)
                   (s.sent::int | (s.reached::int << 1) | (s.started::int << 2) | (s.mail_undeliverable::int << 3)
                    | (s.email_bounced::int << 4) | (s.wrong_number::int << 5) | ((s.web_partial_at is not null)::int << 6)) as flags,
                   s.appointment_at, s.events
            from sample_person p
            left join case_state s on s.case_id = p.id
            where p.edition_id = @editionId
            order by p.id
            """, conn))
        {
            command.Parameters.AddWithValue("editionId", edition.Id);
            command.Parameters.AddWithValue("codes", StoredCodes);
            command.Parameters.AddWithValue("states", StoredStates);
            command.Parameters.AddWithValue("modes", StoredModes);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                cases.Add(new MonitoredCase
                {
                    Id = id,
                    Department = reader.GetString(1),
                    Sex = reader.GetString(2),
                    AgeGroup = reader.GetString(3),
                    DesignWeight = reader.GetDouble(4),
                });
                states.Add(reader.IsDBNull(5) ? StoredState.NoEvent(id) : new StoredState(
                    Disposition(id, reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), TimeOrNull(reader, 8), TimeOrNull(reader, 9)),
                    reader.GetInt32(10), TimeOrNull(reader, 11), reader.GetInt32(12)));
            }
        }

        // The latest event (its time in case_state, the latest of each case): the "as of" day of the curves and R-indicators.
        var latestEventAt = await conn.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "select max(last_event_at) from case_state where edition_id = @editionId", new { editionId = edition.Id }, cancellationToken: ct));
        phases?.Invoke("persons with their case state", watch.Elapsed);
        return Compute(edition, cases, states, latestEventAt, time.GetUtcNow(), phases);
    }

    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static readonly string[] StoredCodes = DispositionCodes.All.Select(c => c.Code).ToArray();

    private static readonly CaseState[] States = Enum.GetValues<CaseState>();

    private static readonly string[] StoredStates = States.Select(CaseStateRow.Stored).ToArray();

    private static readonly string[] StoredModes = FieldworkModes.All.ToArray();

    /// <summary>The stored disposition (positions in the lists above, 1-based) as Core's record: no reason text or duplicates (the monitoring shows neither), the decisive time for the R-indicator's ineligibles.</summary>
    private static CaseDisposition Disposition(long id, int code, int state, int mode, DateTimeOffset? firstCompleteAt, DateTimeOffset? decidedAt) =>
        new(id, DispositionCodes.All[code - 1], States[state - 1], mode == 0 ? null : StoredModes[mode - 1], firstCompleteAt, [],
            decidedAt is { } at ? [new CaseEvent(id, "", at, "", "")] : [], "");

    /// <summary>A case's stored summary as the computation uses it; <paramref name="Flags"/> as selected (bit 0 sent … bit 6 web partial).</summary>
    private sealed record StoredState(CaseDisposition Disposition, int Flags, DateTimeOffset? AppointmentAt, int Events)
    {
        public bool Sent => (Flags & 1) != 0;
        public bool Reached => (Flags & 2) != 0;
        public bool Started => (Flags & 4) != 0;
        public bool MailUndeliverable => (Flags & 8) != 0;
        public bool EmailBounced => (Flags & 16) != 0;
        public bool WrongNumber => (Flags & 32) != 0;
        public bool WebPartial => (Flags & 64) != 0;

        public static StoredState NoEvent(long id) => new(
            new CaseDisposition(id, DispositionCodes.NotMailed, CaseState.NotContacted, null, null, [], [], ""), 0, null, 0);
    }

    private static FieldworkMonitor Compute(
        FieldworkEdition edition, List<MonitoredCase> cases, List<StoredState> states, DateTimeOffset? latestEventAt, DateTimeOffset now, Action<string, TimeSpan>? phases)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Done(string phase)
        {
            phases?.Invoke(phase, watch.Elapsed);
            watch.Restart();
        }

        var dispositions = states.Select(s => s.Disposition).ToList();
        var caseById = cases.ToDictionary(c => c.Id);
        var byDepartment = RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].Department, order: DomainOrder.Instance);
        var byAge = RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].AgeGroup);
        var bySex = RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].Sex);
        var byMode = RatesByGroup.Compute(dispositions, d => d.ResponseMode ?? MonitorGroupings.NoResponseMode);
        var counts = byDepartment.TotalCounts;
        Done("in memory: rates by department, age group, sex, mode");

        long sent = 0, reached = 0, started = 0, appointmentsDue = 0, partialWeb = 0, eventCount = 0;
        foreach (var s in states)
        {
            var open = s.Disposition.IsOpen;
            sent += s.Sent ? 1 : 0;
            reached += s.Reached ? 1 : 0;
            started += s.Started ? 1 : 0;
            appointmentsDue += open && s.AppointmentAt is { } at && at <= now ? 1 : 0;
            partialWeb += open && s.WebPartial ? 1 : 0;
            eventCount += s.Events;
        }

        var undeliverable = new UndeliverableCounts(
            states.LongCount(s => s.MailUndeliverable), states.LongCount(s => s.EmailBounced), states.LongCount(s => s.WrongNumber));
        var undeliverableByDepartment = UndeliverableByDepartment(cases, states);
        Done("in memory: funnel, undeliverables, action counts");
        var asOfDay = AsOfDay(edition, latestEventAt, now);
        var curves = asOfDay is { } lastDay ? CumulativeResponse.ByDayAndMode(dispositions, SeasonStart(edition.SeasonStart!.Value), lastDay + 1) : null;
        Done("in memory: curves");
        IReadOnlyList<RIndicatorAtCutoff> representativeness = asOfDay is { } day ? Representativeness(cases, dispositions, SeasonStart(edition.SeasonStart!.Value), day) : [];
        Done("in memory: R-indicators");

        return new FieldworkMonitor(
            edition.Year,
            edition.SeasonStart,
            edition.SeasonEnd,
            eventCount,
            counts,
            byDepartment.Total,
            byDepartment,
            byAge,
            bySex,
            byMode,
            curves,
            new FieldworkFunnel(cases.Count, sent, reached, started, counts.I),
            undeliverable,
            undeliverableByDepartment,
            new CasesNeedingAction(appointmentsDue, partialWeb),
            representativeness,
            asOfDay,
            asOfDay is { } d ? SeasonDays.DateOf(edition.SeasonStart!.Value, d) : null);
    }

    private static IReadOnlyList<DepartmentUndeliverable> UndeliverableByDepartment(List<MonitoredCase> cases, List<StoredState> states) =>
        Enumerable.Range(0, cases.Count)
            .GroupBy(i => cases[i].Department, StringComparer.Ordinal)
            .OrderBy(g => g.Key, DomainOrder.Instance)
            .Select(g => new DepartmentUndeliverable(
                g.Key, g.LongCount(), g.LongCount(i => states[i].MailUndeliverable), g.LongCount(i => states[i].EmailBounced), g.LongCount(i => states[i].WrongNumber)))
            .ToList();

    /// <summary>The R-indicator (response = 1.1) at the end of every 7th day and of the "as of" day; age group, sex and department as in the weighting's response model.</summary>
    private static IReadOnlyList<RIndicatorAtCutoff> Representativeness(
        List<MonitoredCase> cases, IReadOnlyList<CaseDisposition> dispositions, DateTimeOffset start, int lastDay)
    {
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> variables =
        [
            (MonitorGroupings.AgeGroup, cases.Select(c => c.AgeGroup).ToList()),
            (MonitorGroupings.Sex, cases.Select(c => c.Sex).ToList()),
            (MonitorGroupings.Department, cases.Select(c => c.Department).ToList()),
        ];
        return RIndicatorOverTime.Compute(dispositions, cases.Select(c => c.DesignWeight).ToArray(), variables, start, RIndicatorOverTime.WeeklyDays(lastDay));
    }

    private static DateTimeOffset SeasonStart(DateOnly first)
    {
        var local = first.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    /// <summary>
    /// The last season day the curves and R-indicators run to (day 0 = the season's first day, midnight
    /// Paris): the day of the latest event, never after the season's last day nor after today
    /// (<see cref="SeasonDays.AsOfDay"/>); null without a season.
    /// </summary>
    private static int? AsOfDay(FieldworkEdition edition, DateTimeOffset? latestEventAt, DateTimeOffset now)
    {
        if (edition.SeasonStart is not { } first || edition.SeasonEnd is not { } last)
        {
            return null;
        }

        return SeasonDays.AsOfDay(first, last, ParisDate(now), latestEventAt is { } at ? ParisDate(at) : null);
    }

    private static DateOnly ParisDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Paris).DateTime);

    /// <summary>
    /// A stamp that changes whenever events or batches are stored, by any process (upload, CLI,
    /// protocol job, another server), and whenever case states are refreshed (the background job):
    /// the largest event id, the largest batch id and the sum of the editions' refresh counters. A
    /// few index look-ups; the page polls it and reloads the read model when it changes.
    /// </summary>
    public async Task<string> ChangeStampAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var stamp = await conn.QuerySingleAsync<(long Events, long Batches, long Refreshes)>(new CommandDefinition(
            """
            select coalesce((select max(id) from case_event), 0) as events,
                   coalesce((select max(id) from event_batch), 0) as batches,
                   coalesce((select sum(refreshes) from case_state_refresh), 0)::bigint as refreshes
            """, cancellationToken: ct));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stamp.Events}/{stamp.Batches}/{stamp.Refreshes}");
    }

    /// <summary>
    /// One page of the cases needing action, paged and sorted in SQL from <c>case_state</c> (dirty
    /// cases refreshed first): open cases (not completed, refused or ineligible) with a telephone
    /// appointment whose latest time has passed (<see cref="ActionReasons.AppointmentDue"/>), or with a
    /// web partial (<see cref="ActionReasons.PartialWeb"/>). A case with both has a row for each. Case
    /// identifiers are the pseudonymous ids of the event files: for survey managers only.
    /// </summary>
    /// <exception cref="FieldworkException">No such edition.</exception>
    public async Task<ActionCasePage> PageCasesNeedingActionAsync(int year, ActionCaseQuery query, CancellationToken ct)
    {
        var orderBy = query.SortBy switch
        {
            ActionCaseQuery.SortCase => "case_id",
            ActionCaseQuery.SortDepartment => "department",
            ActionCaseQuery.SortReason => "reason",
            ActionCaseQuery.SortLastEvent => "last_event_at",
            _ => "since",
        };
        var direction = query.Descending ? "desc" : "asc";
        var editionId = await RefreshIfDirtyAsync(year, ct);
        await using var conn = await db.OpenConnectionAsync(ct);

        // Candidates from the partial index case_state_action_idx (its predicate is repeated here); the sort key is from the whitelist above.
        var rows = (await conn.QueryAsync<ActionCaseRow>(new CommandDefinition(
            $"""
            with candidate as (
                select s.case_id, s.appointment_at, s.web_partial_at, s.last_event_type, s.last_event_at
                from case_state s
                where s.edition_id = @editionId
                  and s.state not in ('completed', 'refused', 'ineligible') and (s.appointment_at is not null or s.web_partial_at is not null)
            ), action as (
                select case_id, 'appointment_due' as reason, appointment_at as since, last_event_type, last_event_at from candidate where appointment_at <= @now
                union all
                select case_id, 'partial_web' as reason, web_partial_at as since, last_event_type, last_event_at from candidate where web_partial_at is not null
            ), listed as materialized (
                select p.pseudonymous_id as case_id, p.department_code as department, a.reason, a.since,
                       a.last_event_type as last_event, a.last_event_at
                from action a
                join sample_person p on p.id = a.case_id
                where @reason::text is null or a.reason = @reason
            )
            select case_id, department, reason, since, last_event, last_event_at, count(*) over () as total
            from listed
            order by {orderBy} {direction}, case_id, reason
            limit @take offset @skip
            """,
            new { editionId, now = time.GetUtcNow(), reason = query.Reason, take = Math.Clamp(query.Take, 1, 500), skip = Math.Max(0, query.Skip) },
            cancellationToken: ct))).ToList();
        var total = rows.Count > 0 ? rows[0].Total : 0;
        if (rows.Count == 0 && query.Skip > 0)
        {
            // Past the last page: count without rows.
            total = (await PageCasesNeedingActionAsync(year, query with { Skip = 0, Take = 1 }, ct)).Total;
        }

        return new ActionCasePage(rows.Select(r => new ActionCase(r.CaseId, r.Department, r.Reason, r.Since, r.LastEvent, r.LastEventAt)).ToList(), total);
    }

    private sealed record EditionProbe
    {
        public long Id { get; init; }
        public bool Dirty { get; init; }
    }

    private sealed record ActionCaseRow
    {
        public string CaseId { get; init; } = "";
        public string Department { get; init; } = "";
        public string Reason { get; init; } = "";
        public DateTimeOffset Since { get; init; }
        public string LastEvent { get; init; } = "";
        public DateTimeOffset LastEventAt { get; init; }
        public long Total { get; init; }
    }
}
