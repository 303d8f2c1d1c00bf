using Dapper;
using Npgsql;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>
/// A case with a complete used (disposition 1.1): its frame data and the first complete's mode and time.
/// <see cref="StartedAt"/> is the last web login at or before a web complete (the session's start),
/// null for paper and telephone completes.
/// </summary>
public sealed record CompletedCase
{
    public long Id { get; init; }
    public string DepartmentCode { get; init; } = "";

    /// <summary>The sample's stratum (the department in a demo draw; an imported sample's own).</summary>
    public string Stratum { get; init; } = "";
    public string Sex { get; init; } = "";
    public string AgeGroup { get; init; } = "";
    public int BirthYear { get; init; }
    public int? HouseholdSize { get; init; }
    public string? Diploma { get; init; }
    public string? UrbanAreaSize { get; init; }

    /// <summary>web, paper or phone: the mode of the first complete.</summary>
    public string Mode { get; init; } = "";
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}

/// <summary>Lists an edition's completed cases (one query), for the answer simulation and the phase-2 draw (the phase-1 respondents).</summary>
public sealed class CompletedCaseStore(NpgsqlDataSource db)
{
    /// <summary>
    /// The edition's cases with a complete used, in id order. The rule is <c>CaseDispositions.Derive</c>'s:
    /// the first complete event (web_complete, paper_received, phone_complete) by time, then type in
    /// that order at the same instant, unless an ineligibility came strictly before it (at the same
    /// instant the complete comes first); later completes are duplicates. The mode is the complete's
    /// type (web_complete → web, …), not the event's mode column.
    /// </summary>
    public async Task<IReadOnlyList<CompletedCase>> CompletedAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<CompletedCase>(new CommandDefinition(
            """
            with first_complete as (
                select distinct on (ev.case_id) ev.case_id, ev.type, ev.at
                from case_event ev
                where ev.edition_id = @editionId and ev.type in ('web_complete', 'paper_received', 'phone_complete')
                order by ev.case_id, ev.at,
                         case ev.type when 'web_complete' then 0 when 'paper_received' then 1 else 2 end,
                         ev.mode, ev.source
            )
            select p.id, p.department_code, p.stratum, p.sex, p.age_group, p.birth_year, p.household_size::int as household_size,
                   p.diploma, p.urban_area_size,
                   case c.type when 'web_complete' then 'web' when 'paper_received' then 'paper' else 'phone' end as mode,
                   case when c.type = 'web_complete' then
                       (select max(l.at) from case_event l where l.case_id = c.case_id and l.type = 'web_login' and l.at <= c.at)
                   end as started_at,
                   c.at as completed_at
            from first_complete c
            join sample_person p on p.id = c.case_id and p.edition_id = @editionId
            where not exists (
                select 1 from case_event i
                where i.case_id = c.case_id
                  and i.type in ('ineligible_deceased', 'ineligible_moved_abroad', 'ineligible_institution')
                  and i.at < c.at)
            order by p.id
            """, new { editionId }, cancellationToken: ct))).ToList();
    }
}
