using Dapper;
using Npgsql;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>A sample person as the season simulator sees it: the frame variables that drive response, and which contacts are known.</summary>
public sealed record SimulatedCase
{
    public long Id { get; init; }
    public string DepartmentCode { get; init; } = "";
    public string Sex { get; init; } = "";
    public string AgeGroup { get; init; } = "";
    public bool HasPhone { get; init; }
    public bool HasEmail { get; init; }
}

/// <summary>Reads what the demo's season simulator needs from the sample tables (one query per edition).</summary>
public sealed class SimulationStore(NpgsqlDataSource db)
{
    /// <summary>The edition's sample persons in id order (the simulator's draws follow this order, so it must be stable).</summary>
    public async Task<IReadOnlyList<SimulatedCase>> CasesAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<SimulatedCase>(new CommandDefinition(
            """
            select p.id, p.department_code, p.sex, p.age_group,
                   (c.phone is not null) as has_phone, (c.email is not null) as has_email
            from sample_person p
            left join sample_contact c on c.person_id = p.id
            where p.edition_id = @editionId
            order by p.id
            """, new { editionId }, cancellationToken: ct))).ToList();
    }

    /// <summary>SHA-256 of the edition's batches loaded by the simulator (file names "simulated-…").</summary>
    public async Task<IReadOnlyList<string>> SimulatedBatchHashesAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition(
            "select sha256 from event_batch where edition_id = @editionId and file_name like 'simulated-%'",
            new { editionId }, cancellationToken: ct))).ToList();
    }
}
