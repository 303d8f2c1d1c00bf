using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Fieldwork;

public sealed class FieldworkSimulateCommandTests
{
    [DatabaseFact]
    public async Task Simulate_plays_the_season_to_the_day_asked_and_a_rerun_loads_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "sample", "draw", "--edition", "2025", "--size", "2000", "--min", "10")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "season", "--edition", "2025", "--start", "2025-01-13", "--end", "2025-03-24")).ExitCode);

        var first = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "simulate", "--edition", "2025", "--until-day", "30");
        var again = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "simulate", "--edition", "2025", "--until-day", "30");
        var otherSeed = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "simulate", "--edition", "2025", "--seed", "1");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Edition 2025 simulated to day 30: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("simulated to day 30: 0 communication(s), 0 event(s) in 0 batch(es)", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, otherSeed.ExitCode);
        Assert.Contains("another seed", otherSeed.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(DateTime.Parse("2025-02-12", System.Globalization.CultureInfo.InvariantCulture),
            await conn.ExecuteScalarAsync<DateTime>("select max((at at time zone 'Europe/Paris')::date)::timestamp from case_event"));
    }
}
