using Dapper;
using Npgsql;
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
    IReadOnlyList<RIndicatorAtCutoff> Representativeness)
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
/// The fieldwork monitoring's read model: two queries (the sample persons; the events aggregated in
/// SQL to one row per case and event type), dispositions derived with <see cref="CaseDispositions.DeriveAll"/>,
/// then rates, curves, funnel and counts computed in memory.
/// </summary>
/// <remarks>
/// The aggregation keeps, per case and type, the first and last time: the disposition's category,
/// response mode and first complete depend only on the first event of each type (the order is by
/// time, then type rank), so they are those of the full event list; only the descriptive
/// <see cref="CaseDisposition.Reason"/>/duplicates are thinner (the mode and source are not loaded).
/// Web partials count as break-offs (2.12) until the answered shares of the stored responses are
/// available.
/// </remarks>
public sealed class FieldworkMonitorStore(NpgsqlDataSource db, TimeProvider time)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static readonly HashSet<string> ReachedTypes = new(StringComparer.Ordinal)
    {
        CaseEventTypes.WebLogin, CaseEventTypes.WebPartial, CaseEventTypes.WebComplete, CaseEventTypes.PaperReceived,
        CaseEventTypes.PhoneAppointment, CaseEventTypes.PhoneRefusal, CaseEventTypes.PhoneComplete,
        CaseEventTypes.Refusal, CaseEventTypes.HelplineContact,
    };

    private static readonly HashSet<string> StartedTypes = new(StringComparer.Ordinal)
    {
        CaseEventTypes.WebLogin, CaseEventTypes.WebPartial, CaseEventTypes.WebComplete, CaseEventTypes.PaperReceived, CaseEventTypes.PhoneComplete,
    };

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
    /// The read model, computed again only when something it depends on changed: the events and
    /// batches (<see cref="ChangeStampAsync"/>), the sample (largest person id) or the season, or
    /// after <see cref="CacheLifetime"/>. Every open page, refresh and export of the same edition on
    /// this server then shares one computation; the key costs three primary-key look-ups.
    /// </summary>
    /// <exception cref="FieldworkException">No such edition.</exception>
    public async Task<FieldworkMonitor> LoadAsync(int year, CancellationToken ct)
    {
        string key;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            key = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                """
                select concat_ws('/', (select max(id) from case_event), (select max(id) from event_batch),
                                 (select max(id) from sample_person), e.season_start, e.season_end)
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

        var monitor = await LoadFreshAsync(year, ct);
        cache[year] = (key, now, monitor);
        return monitor;
    }

    /// <summary>The read model computed now, without the cache.</summary>
    /// <exception cref="FieldworkException">No such edition.</exception>
    /// <param name="phases">Told the duration of each phase (the two queries, each part of the computation), for the benchmark.</param>
    public async Task<FieldworkMonitor> LoadFreshAsync(int year, CancellationToken ct, Action<string, TimeSpan>? phases = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync(ct);
        var edition = await conn.QuerySingleOrDefaultAsync<FieldworkEdition>(new CommandDefinition(
            "select id, year, status, season_start, season_end from edition where year = @year", new { year }, cancellationToken: ct))
            ?? throw new FieldworkException($"edition {year} does not exist");

        var cases = (await conn.QueryAsync<MonitoredCase>(new CommandDefinition(
            """
            select id, department_code as department, sex, age_group, design_weight
            from sample_person
            where edition_id = @editionId
            order by id
            """, new { editionId = edition.Id }, cancellationToken: ct))).ToList();
        phases?.Invoke("persons", watch.Elapsed);
        watch.Restart();

        var rows = (await conn.QueryAsync<CaseTypeRow>(new CommandDefinition(
            """
            select ev.case_id, ev.type, min(ev.at) as first_at, max(ev.at) as last_at, count(*) as events
            from case_event ev
            join sample_person p on p.id = ev.case_id and p.edition_id = ev.edition_id
            where ev.edition_id = @editionId
            group by ev.case_id, ev.type
            """, new { editionId = edition.Id }, cancellationToken: ct))).ToList();

        phases?.Invoke("events per case and type", watch.Elapsed);
        watch.Restart();
        return Compute(edition, cases, rows, time.GetUtcNow(), phases);
    }

    private static FieldworkMonitor Compute(FieldworkEdition edition, List<MonitoredCase> cases, List<CaseTypeRow> rows, DateTimeOffset now, Action<string, TimeSpan>? phases)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Done(string phase)
        {
            phases?.Invoke(phase, watch.Elapsed);
            watch.Restart();
        }

        var events = rows.Select(r => new CaseEvent(r.CaseId, r.Type, r.FirstAt, "", "")).ToList();
        var dispositions = CaseDispositions.DeriveAll(cases.Select(c => c.Id), events);
        var caseById = cases.ToDictionary(c => c.Id);
        Done("in memory: dispositions");

        var byDepartment = RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].Department);
        var byAge = RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].AgeGroup);
        var bySex = RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].Sex);
        var byMode = RatesByGroup.Compute(dispositions, d => d.ResponseMode ?? MonitorGroupings.NoResponseMode);
        var counts = byDepartment.TotalCounts;
        Done("in memory: rates by department, age group, sex, mode");

        // One pass over the rows: the event types of each case as bits (position in CaseEventTypes.All).
        var position = new Dictionary<long, int>(cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            position[cases[i].Id] = i;
        }

        var types = new int[cases.Count];
        var appointmentAt = new DateTimeOffset?[cases.Count];
        long eventCount = 0;
        foreach (var r in rows)
        {
            var i = position[r.CaseId];
            types[i] |= Bit(r.Type);
            eventCount += r.Events;
            if (r.Type == CaseEventTypes.PhoneAppointment)
            {
                appointmentAt[i] = r.LastAt;
            }
        }

        long sent = 0, reached = 0, started = 0, appointmentsDue = 0, partialWeb = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var t = types[i];
            var open = dispositions[i].IsOpen;
            sent += (t & Bit(CaseEventTypes.CommunicationSent)) != 0 ? 1 : 0;
            reached += (t & ReachedMask) != 0 ? 1 : 0;
            started += (t & StartedMask) != 0 ? 1 : 0;
            appointmentsDue += open && appointmentAt[i] is { } at && at <= now ? 1 : 0;
            partialWeb += open && (t & Bit(CaseEventTypes.WebPartial)) != 0 ? 1 : 0;
        }

        long CasesWith(string type) => types.LongCount(t => (t & Bit(type)) != 0);
        var undeliverable = new UndeliverableCounts(CasesWith(CaseEventTypes.MailUndeliverable), CasesWith(CaseEventTypes.EmailBounced), CasesWith(CaseEventTypes.PhoneWrongNumber));
        var undeliverableByDepartment = UndeliverableByDepartment(cases, types);
        Done("in memory: funnel, undeliverables, action counts");
        var curves = Curves(edition, dispositions, now);
        Done("in memory: curves");
        IReadOnlyList<RIndicatorAtCutoff> representativeness = curves is null ? [] : Representativeness(cases, dispositions, SeasonStart(edition.SeasonStart!.Value), curves.Days);
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
            representativeness);
    }

    private static IReadOnlyList<DepartmentUndeliverable> UndeliverableByDepartment(List<MonitoredCase> cases, int[] types) =>
        Enumerable.Range(0, cases.Count)
            .GroupBy(i => cases[i].Department, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                long With(string type) => g.LongCount(i => (types[i] & Bit(type)) != 0);
                return new DepartmentUndeliverable(g.Key, g.LongCount(), With(CaseEventTypes.MailUndeliverable), With(CaseEventTypes.EmailBounced), With(CaseEventTypes.PhoneWrongNumber));
            })
            .ToList();

    private static readonly Dictionary<string, int> TypeBit =
        CaseEventTypes.All.Select((type, k) => (type, k)).ToDictionary(p => p.type, p => 1 << p.k, StringComparer.Ordinal);

    private static int Bit(string type) => TypeBit[type];

    private static readonly int ReachedMask = ReachedTypes.Aggregate(0, (mask, type) => mask | Bit(type));

    private static readonly int StartedMask = StartedTypes.Aggregate(0, (mask, type) => mask | Bit(type));

    /// <summary>The R-indicator (response = 1.1) weekly and on the last day shown; age group, sex and department as in the weighting's response model.</summary>
    private static IReadOnlyList<RIndicatorAtCutoff> Representativeness(
        List<MonitoredCase> cases, IReadOnlyList<CaseDisposition> dispositions, DateTimeOffset start, int days)
    {
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> variables =
        [
            (MonitorGroupings.AgeGroup, cases.Select(c => c.AgeGroup).ToList()),
            (MonitorGroupings.Sex, cases.Select(c => c.Sex).ToList()),
            (MonitorGroupings.Department, cases.Select(c => c.Department).ToList()),
        ];
        return RIndicatorOverTime.Compute(dispositions, cases.Select(c => c.DesignWeight).ToArray(), variables, start, RIndicatorOverTime.WeeklyDays(days));
    }

    private static DateTimeOffset SeasonStart(DateOnly first)
    {
        var local = first.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    /// <summary>Day 0 is the season's first day (midnight, Paris); the curve runs to the season's end, or to today while the season is under way.</summary>
    private static ResponseCurves? Curves(FieldworkEdition edition, IReadOnlyList<CaseDisposition> dispositions, DateTimeOffset now)
    {
        if (edition.SeasonStart is not { } first || edition.SeasonEnd is not { } last)
        {
            return null;
        }

        var start = SeasonStart(first);
        var seasonDays = last.DayNumber - first.DayNumber + 1;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Paris).DateTime);
        var days = Math.Clamp(today.DayNumber - first.DayNumber + 1, 1, seasonDays);
        return CumulativeResponse.ByDayAndMode(dispositions, start, days);
    }

    /// <summary>
    /// A stamp that changes whenever events or batches are stored, by any process (upload, CLI,
    /// protocol job, another server): the largest event id and the largest batch id. Two index
    /// look-ups; the page polls it and reloads the read model when it changes.
    /// </summary>
    public async Task<string> ChangeStampAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var stamp = await conn.QuerySingleAsync<(long Events, long Batches)>(new CommandDefinition(
            """
            select coalesce((select max(id) from case_event), 0) as events,
                   coalesce((select max(id) from event_batch), 0) as batches
            """, cancellationToken: ct));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stamp.Events}/{stamp.Batches}");
    }

    /// <summary>
    /// One page of the cases needing action, paged and sorted in SQL: open cases (no complete,
    /// refusal or ineligibility, at any time) with a telephone appointment whose latest time has
    /// passed (<see cref="ActionReasons.AppointmentDue"/>), or with a web partial
    /// (<see cref="ActionReasons.PartialWeb"/>). A case with both has a row for each. Case identifiers
    /// are the pseudonymous ids of the event files: for survey managers only.
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
        await using var conn = await db.OpenConnectionAsync(ct);
        var editionId = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from edition where year = @year", new { year }, cancellationToken: ct))
            ?? throw new FieldworkException($"edition {year} does not exist");

        // Candidates from the (edition, type, at) index; the sort key is from the whitelist above.
        var rows = (await conn.QueryAsync<ActionCaseRow>(new CommandDefinition(
            $"""
            with candidate as (
                select ev.case_id,
                       max(ev.at) filter (where ev.type = 'phone_appointment') as appointment_at,
                       max(ev.at) filter (where ev.type = 'web_partial') as partial_at
                from case_event ev
                where ev.edition_id = @editionId and ev.type in ('phone_appointment', 'web_partial')
                group by ev.case_id
            ), open_case as (
                select c.*
                from candidate c
                where not exists (
                    select 1 from case_event x
                    where x.case_id = c.case_id and x.type = any(@closing))
            ), action as (
                select case_id, 'appointment_due' as reason, appointment_at as since from open_case where appointment_at <= @now
                union all
                select case_id, 'partial_web' as reason, partial_at as since from open_case where partial_at is not null
            ), listed as materialized (
                -- A fence: planned on its own, the join to sample_person went nested over all 200,000 persons when sorted by case id.
                select p.pseudonymous_id as case_id, p.department_code as department, a.reason, a.since,
                       last.type as last_event, last.at as last_event_at
                from action a
                join sample_person p on p.id = a.case_id and p.edition_id = @editionId
                cross join lateral (
                    select l.type, l.at from case_event l
                    where l.case_id = a.case_id
                    order by l.at desc, l.id desc
                    limit 1) last
                where @reason::text is null or a.reason = @reason
            )
            select case_id, department, reason, since, last_event, last_event_at, count(*) over () as total
            from listed
            order by {orderBy} {direction}, case_id, reason
            limit @take offset @skip
            """,
            new { editionId, closing = ClosingTypes, now = time.GetUtcNow(), reason = query.Reason, take = Math.Clamp(query.Take, 1, 500), skip = Math.Max(0, query.Skip) },
            cancellationToken: ct))).ToList();
        var total = rows.Count > 0 ? rows[0].Total : 0;
        if (rows.Count == 0 && query.Skip > 0)
        {
            // Past the last page: count without rows.
            total = (await PageCasesNeedingActionAsync(year, query with { Skip = 0, Take = 1 }, ct)).Total;
        }

        return new ActionCasePage(rows.Select(r => new ActionCase(r.CaseId, r.Department, r.Reason, r.Since, r.LastEvent, r.LastEventAt)).ToList(), total);
    }

    private static readonly string[] ClosingTypes =
    [
        CaseEventTypes.WebComplete, CaseEventTypes.PaperReceived, CaseEventTypes.PhoneComplete, CaseEventTypes.Refusal, CaseEventTypes.PhoneRefusal,
        CaseEventTypes.IneligibleDeceased, CaseEventTypes.IneligibleMovedAbroad, CaseEventTypes.IneligibleInstitution,
    ];

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

    private sealed record CaseTypeRow
    {
        public long CaseId { get; init; }
        public string Type { get; init; } = "";
        public DateTimeOffset FirstAt { get; init; }
        public DateTimeOffset LastAt { get; init; }
        public long Events { get; init; }
    }
}
