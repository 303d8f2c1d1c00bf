using System.Reflection;
using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace VictimSurvey.Data.Infrastructure;

/// <summary>
/// Applies the numbered <c>Migrations/NNNN_verb_object.sql</c> scripts embedded in this assembly.
/// The CLI (<c>victimsurvey db migrate</c>), the web app at start-up and the test fixture all call
/// this one class, so every database is built the same way. Scripts already applied are skipped
/// (journal table <c>schema_migrations</c>), so running it twice is a no-op.
/// </summary>
public static class Migrator
{
    // Any constant will do: it only has to be the same in every process that migrates this database.
    private const long MigrationLockKey = 0x5653_4D49_4752; // "VSMIGR"

    /// <summary>Creates the database when it does not exist, then applies the pending scripts.</summary>
    /// <returns>The names of the scripts applied by this call (empty when the schema was current).</returns>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, Action<string>? log, CancellationToken ct)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new SilentLog());

        // Two processes starting together (web app and a worker) must not run the same script twice:
        // hold a session advisory lock for the duration of the upgrade.
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(ct);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.EndsWith(".sql", StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", "schema_migrations")
                .WithTransactionPerScript()
                .LogTo(log is null ? new SilentLog() : new ActionLog(log))
                .Build();

            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new MigrationException(
                    $"Migration {result.ErrorScript?.Name ?? "(unknown script)"} failed: {result.Error.Message}", result.Error);
            }

            return result.Scripts.Select(s => ScriptName(s.Name)).ToList();
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The scripts this build knows, in order (for the status panel: "schema 0003 of 0003").</summary>
    public static IReadOnlyList<string> KnownScripts() =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(ScriptName)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>"VictimSurvey.Data.Migrations.0001_create_accounts.sql" → "0001_create_accounts".</summary>
    public static string ScriptName(string resourceName)
    {
        var withoutExtension = resourceName.EndsWith(".sql", StringComparison.Ordinal) ? resourceName[..^4] : resourceName;
        var lastDot = withoutExtension.LastIndexOf('.');
        return lastDot < 0 ? withoutExtension : withoutExtension[(lastDot + 1)..];
    }

    private sealed class SilentLog : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) { }
        public void LogWarning(string format, params object[] args) { }
        public void LogError(string format, params object[] args) { }
        public void LogError(Exception ex, string format, params object[] args) { }
    }

    private sealed class ActionLog(Action<string> write) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) => write(Format(format, args));
        public void LogWarning(string format, params object[] args) => write(Format(format, args));
        public void LogError(string format, params object[] args) => write(Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => write(Format(format, args) + ": " + ex.Message);

        private static string Format(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}

public sealed class MigrationException(string message, Exception inner) : Exception(message, inner);
