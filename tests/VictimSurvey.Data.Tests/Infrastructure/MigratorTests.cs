using Dapper;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Infrastructure;

[Collection(DatabaseCollection.Name)]
public class MigratorTests(DatabaseFixture fixture)
{
    [DatabaseFact]
    public async Task Migrations_applied_twice_are_a_no_op()
    {
        // The fixture applied them once already.
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var before = (await conn.QueryAsync<string>("select scriptname from schema_migrations order by scriptname")).ToList();

        var appliedAgain = await Migrator.MigrateAsync(fixture.Database.ConnectionString, null, CancellationToken.None);

        var after = (await conn.QueryAsync<string>("select scriptname from schema_migrations order by scriptname")).ToList();
        Assert.Empty(appliedAgain);
        Assert.Equal(before, after);
        Assert.Equal(Migrator.KnownScripts(), after.Select(Migrator.ScriptName));
    }

    [DatabaseFact]
    public async Task Migrating_a_database_that_does_not_exist_creates_it()
    {
        await using var fresh = await TestDatabase.CreateAsync();
        await using var conn = new Npgsql.NpgsqlConnection(fresh.ConnectionString);
        await conn.OpenAsync();
        Assert.True(await conn.ExecuteScalarAsync<bool>("select to_regclass('public.account') is not null"));
    }

    [DatabaseFact]
    public async Task Concurrent_migrations_apply_each_script_once()
    {
        await using var fresh = await TestDatabase.CreateAsync();
        // Reset to an empty schema, then let two "processes" migrate at once.
        await using (var conn = new Npgsql.NpgsqlConnection(fresh.ConnectionString))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync("drop schema public cascade; create schema public;");
        }

        var results = await Task.WhenAll(
            Task.Run(() => Migrator.MigrateAsync(fresh.ConnectionString, null, CancellationToken.None)),
            Task.Run(() => Migrator.MigrateAsync(fresh.ConnectionString, null, CancellationToken.None)));

        Assert.Equal(Migrator.KnownScripts().Count, results.Sum(r => r.Count));
    }

    [Fact]
    public void Script_names_drop_the_namespace_and_extension()
    {
        Assert.Equal("0001_create_accounts", Migrator.ScriptName("VictimSurvey.Data.Migrations.0001_create_accounts.sql"));
    }
}
