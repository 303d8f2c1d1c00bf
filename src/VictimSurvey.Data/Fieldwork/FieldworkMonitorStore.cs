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

/// <summary>Open cases someone has to act on: a telephone appointment whose time has come, a web questionnaire left partial.</summary>
public sealed record CasesNeedingAction(long AppointmentsDue, long PartialWeb);

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
    CasesNeedingAction Action)
{
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

    /// <exception cref="FieldworkException">No such edition.</exception>
    public async Task<FieldworkMonitor> LoadAsync(int year, CancellationToken ct)
    {
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

        var rows = (await conn.QueryAsync<CaseTypeRow>(new CommandDefinition(
            """
            select ev.case_id, ev.type, min(ev.at) as first_at, max(ev.at) as last_at, count(*) as events
            from case_event ev
            join sample_person p on p.id = ev.case_id and p.edition_id = ev.edition_id
            where ev.edition_id = @editionId
            group by ev.case_id, ev.type
            """, new { editionId = edition.Id }, cancellationToken: ct))).ToList();

        return Compute(edition, cases, rows, time.GetUtcNow());
    }

    private static FieldworkMonitor Compute(FieldworkEdition edition, List<MonitoredCase> cases, List<CaseTypeRow> rows, DateTimeOffset now)
    {
        var events = rows.Select(r => new CaseEvent(r.CaseId, r.Type, r.FirstAt, "", "")).ToList();
        var dispositions = CaseDispositions.DeriveAll(cases.Select(c => c.Id), events);
        var caseById = cases.ToDictionary(c => c.Id);

        var byDepartment = RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].Department);
        var counts = byDepartment.TotalCounts;

        var typesByCase = rows.GroupBy(r => r.CaseId).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Type, StringComparer.Ordinal));
        long sent = 0, reached = 0, started = 0, appointmentsDue = 0, partialWeb = 0;
        foreach (var d in dispositions)
        {
            if (!typesByCase.TryGetValue(d.CaseId, out var types))
            {
                continue;
            }

            sent += types.ContainsKey(CaseEventTypes.CommunicationSent) ? 1 : 0;
            reached += types.Keys.Any(ReachedTypes.Contains) ? 1 : 0;
            started += types.Keys.Any(StartedTypes.Contains) ? 1 : 0;
            if (d.IsOpen && types.TryGetValue(CaseEventTypes.PhoneAppointment, out var appointment) && appointment.LastAt <= now)
            {
                appointmentsDue++;
            }

            if (d.IsOpen && types.ContainsKey(CaseEventTypes.WebPartial))
            {
                partialWeb++;
            }
        }

        long CasesWith(string type) => typesByCase.Values.Count(t => t.ContainsKey(type));

        return new FieldworkMonitor(
            edition.Year,
            edition.SeasonStart,
            edition.SeasonEnd,
            rows.Sum(r => r.Events),
            counts,
            byDepartment.Total,
            byDepartment,
            RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].AgeGroup),
            RatesByGroup.Compute(dispositions, d => caseById[d.CaseId].Sex),
            RatesByGroup.Compute(dispositions, d => d.ResponseMode ?? MonitorGroupings.NoResponseMode),
            Curves(edition, dispositions, now),
            new FieldworkFunnel(cases.Count, sent, reached, started, counts.I),
            new UndeliverableCounts(CasesWith(CaseEventTypes.MailUndeliverable), CasesWith(CaseEventTypes.EmailBounced), CasesWith(CaseEventTypes.PhoneWrongNumber)),
            new CasesNeedingAction(appointmentsDue, partialWeb));
    }

    /// <summary>Day 0 is the season's first day (midnight, Paris); the curve runs to the season's end, or to today while the season is under way.</summary>
    private static ResponseCurves? Curves(FieldworkEdition edition, IReadOnlyList<CaseDisposition> dispositions, DateTimeOffset now)
    {
        if (edition.SeasonStart is not { } first || edition.SeasonEnd is not { } last)
        {
            return null;
        }

        var local = first.ToDateTime(TimeOnly.MinValue);
        var start = new DateTimeOffset(local, Paris.GetUtcOffset(local));
        var seasonDays = last.DayNumber - first.DayNumber + 1;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Paris).DateTime);
        var days = Math.Clamp(today.DayNumber - first.DayNumber + 1, 1, seasonDays);
        return CumulativeResponse.ByDayAndMode(dispositions, start, days);
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
