using Dapper;
using Npgsql;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Data.Fieldwork;

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

/// <summary>A sampled case's final disposition (AAPOR code) and the mode of its first complete (null without one).</summary>
public sealed record SnapshotOutcome
{
    public long CaseId { get; init; }
    public string Disposition { get; init; } = "";
    public string? ResponseMode { get; init; }

    public DispositionCode Code => DispositionCodes.All.FirstOrDefault(c => c.Code == Disposition)
        ?? throw new WeightingRunException($"case {CaseId}: unknown disposition code '{Disposition}' in case_state");
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
/// variables and stratum populations, each case's final disposition (from <c>case_state</c>, derived
/// from its events by <see cref="CaseDispositions"/>, the same rule as the fieldwork monitoring), and the
/// stored responses to a questionnaire.
/// </summary>
public sealed class RunInputStore(NpgsqlDataSource db, CaseStateStore caseStates)
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

    /// <summary>
    /// Every sampled case's final disposition and response mode, from <c>case_state</c> brought up to date
    /// first (<see cref="CaseStateStore.RefreshAsync"/>: the same rule as the fieldwork monitoring, computed
    /// once per case instead of again from all the events). Read in one snapshot of the database together with
    /// the check that no case was marked dirty meanwhile; if events arrived during the read, refreshed and
    /// read again. A case without a row has no event: 3.11, not contacted.
    /// </summary>
    public async Task<IReadOnlyList<SnapshotOutcome>> OutcomesAsync(long editionId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await caseStates.RefreshAsync(editionId, ct);
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var outcomes = (await conn.QueryAsync<SnapshotOutcome>(new CommandDefinition(
                $"""
                select p.id as case_id, coalesce(s.disposition, '{DispositionCodes.NotMailed.Code}') as disposition, s.response_mode
                from sample_person p
                left join case_state s on s.case_id = p.id
                where p.edition_id = @editionId
                order by p.id
                """, new { editionId }, tx, cancellationToken: ct))).ToList();
            var dirty = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from case_state_dirty where edition_id = @editionId)", new { editionId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            if (!dirty)
            {
                return outcomes;
            }

            if (attempt == 3)
            {
                throw new WeightingRunException("fieldwork events keep arriving for this edition: take the snapshot once they stop");
            }
        }
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
