using Dapper;
using Npgsql;

namespace VictimSurvey.Data.Departments;

public sealed record Department
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Region { get; init; } = "";
    public bool IsOverseas { get; init; }
}

/// <summary>The reference list of departments (seeded by migration 0002), in natural order.</summary>
public sealed class DepartmentStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken ct)
    {
        const string sql = "select code, name, region, is_overseas from department order by sort_order";
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Department>(new CommandDefinition(sql, cancellationToken: ct))).ToList();
    }
}
