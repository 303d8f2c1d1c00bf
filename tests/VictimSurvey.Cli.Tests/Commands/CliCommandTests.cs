using Dapper;
using Npgsql;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

public class CliCommandTests
{
    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await CliRunner.RunAsync(null, null, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "db", "user", "worker", "demo", "sample" })
        {
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_database_a_command_fails_on_stderr_saying_how_to_give_one()
    {
        var result = await CliRunner.RunAsync(null, null, "db", "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("VICTIMSURVEY_DB", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [DatabaseFact]
    public async Task Db_migrate_applies_the_scripts_once_then_says_the_schema_is_current()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var conn = new NpgsqlConnection(database.ConnectionString))
        {
            await conn.ExecuteAsync("drop schema public cascade; create schema public;");
        }

        var first = await CliRunner.RunAsync(database.ConnectionString, null, "db", "migrate");
        var second = await CliRunner.RunAsync(database.ConnectionString, null, "db", "migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("current", second.Output, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task User_add_reads_the_password_from_stdin_and_the_account_can_sign_in()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await CliRunner.RunAsync(database.ConnectionString, "a-long-cli-password",
            "user", "add", "jeanne", "--role", "statistician", "--role", "analyst", "--display-name", "Jeanne Martin");

        Assert.Equal(0, result.ExitCode);
        await using var dataSource = DataSourceFactory.Create(database.ConnectionString);
        var accounts = new AccountStore(dataSource, TimeProvider.System);
        var signIn = await accounts.SignInAsync("jeanne", "a-long-cli-password", default);
        Assert.Equal(SignInOutcome.Succeeded, signIn.Outcome);
        Assert.Equal(["statistician", "analyst"], signIn.Account!.Roles);
        Assert.Equal("Jeanne Martin", signIn.Account.DisplayName);
    }

    [DatabaseFact]
    public async Task User_add_with_an_unknown_role_fails_naming_it_and_creates_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await CliRunner.RunAsync(database.ConnectionString, "a-long-cli-password", "user", "add", "bob", "--role", "superuser");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'superuser'", result.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from account"));
    }

    [DatabaseFact]
    public async Task User_add_refuses_a_short_password()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await CliRunner.RunAsync(database.ConnectionString, "short", "user", "add", "bob", "--role", "analyst");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("at least", result.Error, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task User_unlock_of_an_unknown_account_fails()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await CliRunner.RunAsync(database.ConnectionString, null, "user", "unlock", "nobody");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'nobody'", result.Error, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Demo_seed_fills_an_empty_database_once()
    {
        await using var database = await TestDatabase.CreateAsync();

        // Without the seasons (DemoSeederTests and DemoEditionRunTests cover them): a 200,000-person sample, so
        // more than the usual minute is allowed on a loaded machine.
        var first = await CliRunner.RunAsync(database.ConnectionString, null, TimeSpan.FromMinutes(5), "demo", "seed", "--without-fieldwork");
        var second = await CliRunner.RunAsync(database.ConnectionString, null, "demo", "seed");

        Assert.Contains("seeded", first.Output, StringComparison.Ordinal);
        Assert.Contains("skipped", second.Output, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(4, await conn.ExecuteScalarAsync<long>("select count(*) from account"));
    }

    [Fact]
    public async Task Demo_margins_are_the_committed_margins_of_the_demo_spec_with_one_total_for_every_margin()
    {
        var result = await CliRunner.RunAsync(null, null, "demo", "margins");

        Assert.Equal(0, result.ExitCode);
        var committed = File.ReadAllText(Path.Combine(BuiltProgram.RepositoryRoot(), "weighting-specs", "vrs-2024-margins.csv"));
        Assert.Equal(committed, result.Output);
        // Raking needs every margin to sum to the same population: departments, sex × age group, diploma.
        var totals = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(cells => cells[0], cells => long.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (Categories: g.Count(), Total: g.Sum()));
        Assert.Equal((99, 10, 4), (totals["department"].Categories, totals["sex:age_group"].Categories, totals["diploma"].Categories));
        Assert.Single(totals.Values.Select(t => t.Total).Distinct());
    }
}
