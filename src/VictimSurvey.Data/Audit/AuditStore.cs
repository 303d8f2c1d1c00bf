using Dapper;
using Npgsql;

namespace VictimSurvey.Data.Audit;

public sealed record AuditEvent
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string UserName { get; init; } = "";
    public string Action { get; init; } = "";
    public string Detail { get; init; } = "";
}

/// <summary>Reads the audit log (written by the stores in the same transaction as the change they record).</summary>
public sealed class AuditStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<AuditEvent>> ListRecentAsync(int limit, CancellationToken ct)
    {
        const string sql = "select id, at, user_name, action, detail from audit_event order by at desc, id desc limit @limit";
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<AuditEvent>(new CommandDefinition(sql, new { limit }, cancellationToken: ct))).ToList();
    }
}
