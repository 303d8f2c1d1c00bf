using Npgsql;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests;

/// <summary>One fresh migrated database for the Data tests of this run, dropped at the end.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? database;

    public TestDatabase Database => database ?? throw new InvalidOperationException("No test database (VICTIMSURVEY_TEST_DB unset).");

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (DatabaseTests.ShouldSkip)
        {
            return; // every test here is skipped on a machine without a server
        }

        database = await TestDatabase.CreateAsync();
        DataSource = DataSourceFactory.Create(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await DataSource.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<DatabaseFixture>
{
    public const string Name = "database";
}

/// <summary>
/// A second database, for the test classes that create many editions (response imports, releases,
/// weighting snapshots): one database's edition years (TestYears: 2026–2100) would not last for all.
/// Runs alongside the shared collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ResponsesDatabaseCollection : ICollectionFixture<DatabaseFixture>
{
    public const string Name = "second database";
}
