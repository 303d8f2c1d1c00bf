using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

public sealed class SampleCommandTests : ScratchFolder
{
    private const string Header = "id,department,sex,birth_date,diploma,household_size,urban_area_size,inclusion_probability,last_name,first_name,address,postal_code,city,phone,email";

    [DatabaseFact]
    public async Task Sample_draw_creates_the_edition_loads_the_sample_and_allocation_shows_planned_vs_drawn()
    {
        await using var database = await TestDatabase.CreateAsync();

        var draw = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "draw", "--edition", "2024", "--size", "5000", "--allocation", "power", "--power", "0.5", "--min", "20");
        var again = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "draw", "--edition", "2024", "--size", "5000");
        var allocation = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "allocation", "--edition", "2024");
        var unknown = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "allocation", "--edition", "1999");

        Assert.Equal(0, draw.ExitCode);
        Assert.Contains("Created edition 2024 (99 departments)", draw.Output, StringComparison.Ordinal);
        Assert.Contains("Drew 5,000 persons for edition 2024 in 99 departments (power", draw.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--replace", again.Error, StringComparison.Ordinal);
        var lines = allocation.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("department,name,population,planned,drawn,design_weight_sum", lines[0]);
        Assert.Equal(100, lines.Length);
        Assert.StartsWith("2A,\"Corse-du-Sud\",", lines[20], StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("edition 1999 does not exist", unknown.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(5000, await conn.ExecuteScalarAsync<long>("select count(*) from sample_person"));
        Assert.Equal(5000, await conn.ExecuteScalarAsync<long>("select count(*) from sample_contact"));
    }

    [DatabaseFact]
    public async Task Sample_draw_with_a_minimum_the_size_cannot_pay_for_fails_saying_so_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "draw", "--edition", "2025", "--size", "50000", "--allocation", "min-proportional", "--min", "1000");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("minimum 1,000 per stratum × 99 strata = 99,000, more than the sample size 50,000", result.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from edition"));
    }

    [DatabaseFact]
    public async Task Sample_import_lists_every_bad_row_on_stderr_and_imports_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var good = Path.Combine(Folder, "good.csv");
        File.WriteAllLines(good,
        [
            Header,
            "A1,75,F,1980-04-02,bac,2,paris,0.002,Martin,Jeanne,1 rue de Rivoli,75001,Paris,,",
            "A2,2B,M,1961-11-30,none,1,rural,0.01,Santoni,Paul,route de Corte,20250,Corte,04 95 00 00 00,paul@corse.invalid",
        ]);
        var bad = Path.Combine(Folder, "bad.csv");
        File.WriteAllLines(bad,
        [
            Header,
            "B1,75,F,1980-04-02,bac,2,paris,0.002,Martin,Jeanne,1 rue de Rivoli,75001,Paris,,",
            "B2,99,F,1980-04-02,bac,2,paris,0.002,Martin,Jeanne,1 rue de Rivoli,75001,Paris,,",
            "B1,75,F,31/12/1980,bac,2,paris,,Martin,Jeanne,1 rue de Rivoli,75001,Paris,,",
            "B4,75,F,1980-04-02,bac,2.5,paris,1.2,Martin,Jeanne,1 rue de Rivoli,75001,Paris,,",
        ]);

        var first = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "import", good, "--edition", "2024");
        var second = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "import", bad, "--edition", "2024", "--replace");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Imported 2 persons in 2 departments into edition 2024", first.Output, StringComparison.Ordinal);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("6 problem(s) in the file, nothing imported", second.Error, StringComparison.Ordinal);
        Assert.Contains("row 2 (line 3), department: unknown department '99'", second.Error, StringComparison.Ordinal);
        Assert.Contains("row 3 (line 4), id: duplicate id 'B1' (already on row 1)", second.Error, StringComparison.Ordinal);
        Assert.Contains("row 3 (line 4), birth_date: bad date '31/12/1980'", second.Error, StringComparison.Ordinal);
        Assert.Contains("row 3 (line 4), inclusion_probability: missing", second.Error, StringComparison.Ordinal);
        Assert.Contains("row 4 (line 5), household_size: bad number '2.5'", second.Error, StringComparison.Ordinal);
        Assert.Contains("row 4 (line 5), inclusion_probability: 1.2 is out of range", second.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(["A1", "A2"], await conn.QueryAsync<string>("select pseudonymous_id from sample_person order by pseudonymous_id"));
    }
}
