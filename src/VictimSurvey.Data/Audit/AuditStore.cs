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

/// <summary>
/// The audit log. Account changes are written by <c>AccountStore</c> in the same transaction as the
/// change; other back-office changes (editions) are recorded here right after they succeed.
/// </summary>
public sealed class AuditStore(NpgsqlDataSource db)
{
    public async Task RecordAsync(string userName, string action, string detail, CancellationToken ct)
    {
        const string sql = "insert into audit_event (user_name, action, detail) values (@userName, @action, @detail)";
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { userName, action, detail }, cancellationToken: ct));
    }

    public Task<IReadOnlyList<AuditEvent>> ListRecentAsync(int limit, CancellationToken ct) => ListRecentAsync(limit, null, ct);

    /// <summary>
    /// The latest events, newest first; only the actions starting with <paramref name="actionPrefix"/> when given
    /// (<c>release.</c>: releases made, viewed and downloaded).
    /// </summary>
    public async Task<IReadOnlyList<AuditEvent>> ListRecentAsync(int limit, string? actionPrefix, CancellationToken ct)
    {
        const string sql = """
            select id, at, user_name, action, detail from audit_event
            where @actionPrefix::text is null or starts_with(action, @actionPrefix::text)
            order by at desc, id desc limit @limit
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<AuditEvent>(new CommandDefinition(sql, new { limit, actionPrefix }, cancellationToken: ct))).ToList();
    }
}
