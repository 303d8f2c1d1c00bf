using Dapper;
using Npgsql;
using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Data.Weighting;

/// <summary>A phase-1 sample person with the frame variables a weighting may use (pseudonymised: no contact data).</summary>
public sealed record SnapshotPerson
{
    public long Id { get; init; }
    public string PseudonymousId { get; init; } = "";
    public string Stratum { get; init; } = "";
    public long StratumPopulation { get; init; }
    public double DesignWeight { get; init; }
    public string DepartmentCode { get; init; } = "";
    public string Sex { get; init; } = "";
    public string AgeGroup { get; init; } = "";
    public int BirthYear { get; init; }
    public string Diploma { get; init; } = "";
    public int HouseholdSize { get; init; }
    public string UrbanAreaSize { get; init; } = "";
}

/// <summary>A stored response's answers as JSON text (question id → raw answer).</summary>
public sealed record SnapshotResponse
{
    public long CaseId { get; init; }
    public string Mode { get; init; } = "";
    public string AnswersJson { get; init; } = "";
}

/// <summary>
/// What a weighting run's snapshot is made of, read in three queries: the sample with its frame
/// variables and stratum populations, each case's final disposition (from its events, by
/// <see cref="CaseDispositions"/>, the same rule as the fieldwork monitoring), and the stored responses
/// to a questionnaire.
/// </summary>
public sealed class RunInputStore(NpgsqlDataSource db)
{
    public async Task<long?> EditionIdAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("select id from edition where year = @year", new { year }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SnapshotPerson>> PersonsAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<SnapshotPerson>(new CommandDefinition(
            """
            select p.id, p.pseudonymous_id, p.stratum, a.population as stratum_population, p.design_weight, p.department_code,
                   p.sex, p.age_group, p.birth_year, p.diploma, p.household_size, p.urban_area_size
            from sample_person p
            join sample_allocation a on a.edition_id = p.edition_id and a.department_code = p.stratum
            where p.edition_id = @editionId
            order by p.id
            """, new { editionId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Every sampled case's disposition (cases without events are open: not contacted).</summary>
    public async Task<IReadOnlyList<CaseDisposition>> DispositionsAsync(long editionId, IEnumerable<long> caseIds, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var events = (await conn.QueryAsync<(long CaseId, string Type, DateTimeOffset At)>(new CommandDefinition(
            """
            select case_id, type, min(at) as at
            from case_event
            where edition_id = @editionId
            group by case_id, type
            """, new { editionId }, cancellationToken: ct)))
            .Select(e => new CaseEvent(e.CaseId, e.Type, e.At, "", "")).ToList();
        return CaseDispositions.DeriveAll(caseIds, events);
    }

    public async Task<IReadOnlyList<SnapshotResponse>> ResponsesAsync(long editionId, string questionnaireId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<SnapshotResponse>(new CommandDefinition(
            """
            select case_id, mode, answers::text as answers_json
            from response
            where edition_id = @editionId and questionnaire_id = @questionnaireId
            """, new { editionId, questionnaireId }, cancellationToken: ct))).ToList();
    }
}
