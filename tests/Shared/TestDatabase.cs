using Npgsql;
using VictimSurvey.Data.Infrastructure;

namespace VictimSurvey.Tests.Shared;

/// <summary>
/// A fresh, migrated database for one test run, on the server named by VICTIMSURVEY_TEST_DB
/// (./test.sh starts a throwaway cluster and sets it). Dropped when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "VICTIMSURVEY_TEST_DB";

    private readonly string serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(CancellationToken ct = default)
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException($"{ServerVariable} is not set: run the tests through ./test.sh, which starts a PostgreSQL server.");
        }

        var name = $"vs_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..40];
        var database = new TestDatabase(server, name);
        await Migrator.MigrateAsync(database.ConnectionString, null, ct);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres" }.ConnectionString);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
