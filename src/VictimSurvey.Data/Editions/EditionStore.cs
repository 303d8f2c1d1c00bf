using Dapper;
using Npgsql;
using VictimSurvey.Core.Editions;

namespace VictimSurvey.Data.Editions;

/// <summary>Editions: create, list, read, roll over to next year, move the status, attach questionnaires and spec.</summary>
public sealed class EditionStore(NpgsqlDataSource db)
{
    private const string EditionColumns = """
        e.id, e.year, e.reference_year, e.population_definition,
        array(select ed.department_code from edition_department ed join department d on d.code = ed.department_code
              where ed.edition_id = e.id order by d.sort_order) as departments,
        e.core_questionnaire_id, e.core_questionnaire_version, e.module_id, e.module_version,
        e.weighting_spec_path, e.status, e.created_at, e.updated_at
        """;

    public async Task<Edition> CreateAsync(NewEdition edition, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await CheckDepartmentsAsync(conn, tx, edition.Departments, ct);
        const string insert = """
            insert into edition (year, population_definition, core_questionnaire_id, core_questionnaire_version,
                                 module_id, module_version, weighting_spec_path)
            values (@Year, @PopulationDefinition, @CoreQuestionnaireId, @CoreQuestionnaireVersion,
                    @ModuleId, @ModuleVersion, @WeightingSpecPath)
            on conflict (year) do nothing
            returning id
            """;
        var id = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(insert, new
        {
            edition.Year,
            edition.PopulationDefinition,
            edition.CoreQuestionnaireId,
            edition.CoreQuestionnaireVersion,
            edition.ModuleId,
            edition.ModuleVersion,
            edition.WeightingSpecPath,
        }, tx, cancellationToken: ct)) ?? throw new EditionException($"edition {edition.Year} already exists");
        await InsertDepartmentsAsync(conn, tx, id, edition.Departments, ct);
        await tx.CommitAsync(ct);
        return (await GetAsync(edition.Year, ct))!;
    }

    public async Task<IReadOnlyList<Edition>> ListAsync(CancellationToken ct)
    {
        const string sql = $"select {EditionColumns} from edition e order by e.year desc";
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Edition>(new CommandDefinition(sql, cancellationToken: ct))).ToList();
    }

    public async Task<Edition?> GetAsync(int year, CancellationToken ct)
    {
        const string sql = $"select {EditionColumns} from edition e where e.year = @year";
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Edition>(new CommandDefinition(sql, new { year }, cancellationToken: ct));
    }

    /// <summary>
    /// Next year's edition from <paramref name="previousYear"/>'s: same population definition,
    /// departments, questionnaire, module and spec (to be replaced as the new year's are attached),
    /// status planned, no sample.
    /// </summary>
    public async Task<Edition> CreateNextAsync(int previousYear, CancellationToken ct)
    {
        var previous = await GetAsync(previousYear, ct) ?? throw new EditionException($"edition {previousYear} does not exist");
        return await CreateAsync(new NewEdition(
            previous.Year + 1,
            previous.PopulationDefinition,
            previous.Departments,
            previous.CoreQuestionnaireId,
            previous.CoreQuestionnaireVersion,
            previous.ModuleId,
            previous.ModuleVersion,
            previous.WeightingSpecPath), ct);
    }

    /// <summary>Moves the status forward (<see cref="EditionStatus.CanMove"/>); the row is locked while checked.</summary>
    public async Task SetStatusAsync(int year, string status, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select status from edition where year = @year for update", new { year }, tx, cancellationToken: ct))
            ?? throw new EditionException($"edition {year} does not exist");
        if (!EditionStatus.CanMove(current, status))
        {
            throw new EditionException($"edition {year} cannot go from '{current}' to '{status}' (statuses only move forward: {string.Join(" → ", EditionStatus.InOrder)})");
        }

        await conn.ExecuteAsync(new CommandDefinition(
            "update edition set status = @status, updated_at = now() where year = @year", new { year, status }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public Task AttachCoreQuestionnaireAsync(int year, string questionnaireId, string version, CancellationToken ct) =>
        UpdateAsync(year, "core_questionnaire_id = @questionnaireId, core_questionnaire_version = @version", new { year, questionnaireId, version }, ct);

    public Task AttachModuleAsync(int year, string moduleId, string version, CancellationToken ct) =>
        UpdateAsync(year, "module_id = @moduleId, module_version = @version", new { year, moduleId, version }, ct);

    public Task AttachWeightingSpecAsync(int year, string specPath, CancellationToken ct) =>
        UpdateAsync(year, "weighting_spec_path = @specPath", new { year, specPath }, ct);

    /// <summary>Replaces the departments covered (e.g. adding Guyane and Mayotte); only while the edition is planned.</summary>
    public async Task SetDepartmentsAsync(int year, IReadOnlyList<string> departments, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var edition = await conn.QuerySingleOrDefaultAsync<EditionLock>(new CommandDefinition(
            "select id, status from edition where year = @year for update", new { year }, tx, cancellationToken: ct))
            ?? throw new EditionException($"edition {year} does not exist");
        if (!EditionStatus.SampleMayChange(edition.Status))
        {
            throw new EditionException($"edition {year} is '{edition.Status}': its departments can no longer change");
        }

        await CheckDepartmentsAsync(conn, tx, departments, ct);
        await conn.ExecuteAsync(new CommandDefinition("delete from edition_department where edition_id = @Id", new { edition.Id }, tx, cancellationToken: ct));
        await InsertDepartmentsAsync(conn, tx, edition.Id, departments, ct);
        await conn.ExecuteAsync(new CommandDefinition("update edition set updated_at = now() where id = @Id", new { edition.Id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private async Task UpdateAsync(int year, string assignments, object parameters, CancellationToken ct)
    {
        // assignments is one of the constant fragments above, never user text.
        var sql = $"update edition set {assignments}, updated_at = now() where year = @year";
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)) == 0)
        {
            throw new EditionException($"edition {year} does not exist");
        }
    }

    private static async Task CheckDepartmentsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0)
        {
            throw new EditionException("an edition covers at least one department");
        }

        var unknown = (await conn.QueryAsync<string>(new CommandDefinition(
            "select c from unnest(@codes) as c where not exists (select 1 from department d where d.code = c) order by c",
            new { codes = codes.ToArray() }, tx, cancellationToken: ct))).ToList();
        if (unknown.Count > 0)
        {
            throw new EditionException($"unknown department code(s): {string.Join(", ", unknown)}");
        }
    }

    private static Task InsertDepartmentsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long editionId, IReadOnlyList<string> codes, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into edition_department (edition_id, department_code) select @editionId, c from unnest(@codes) as c on conflict do nothing",
            new { editionId, codes = codes.Distinct(StringComparer.Ordinal).ToArray() }, tx, cancellationToken: ct));

    private sealed record EditionLock
    {
        public long Id { get; init; }
        public string Status { get; init; } = "";
    }
}
