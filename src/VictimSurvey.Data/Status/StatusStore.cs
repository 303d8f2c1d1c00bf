using Dapper;
using Npgsql;
using VictimSurvey.Data.Infrastructure;

namespace VictimSurvey.Data.Status;

/// <summary>What the home page's status panel says about the database.</summary>
public sealed record DatabaseStatus(bool Reachable, string? ServerVersion, string? LatestMigration, int AppliedMigrations, int KnownMigrations, string? Error);

public sealed class StatusStore(NpgsqlDataSource db)
{
    public async Task<DatabaseStatus> GetAsync(CancellationToken ct)
    {
        var known = Migrator.KnownScripts().Count;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var applied = (await conn.QueryAsync<string>(new CommandDefinition(
                "select scriptname from public.schema_migrations order by scriptname", cancellationToken: ct)))
                .Select(Migrator.ScriptName)
                .ToList();
            return new DatabaseStatus(true, conn.PostgreSqlVersion.ToString(), applied.LastOrDefault(), applied.Count, known, null);
        }
        catch (NpgsqlException ex)
        {
            return new DatabaseStatus(false, null, null, 0, known, ex.Message);
        }
    }
}
