using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Fieldwork;

/// <summary><c>fieldwork import-responses</c> against the repository's 2024 module (copied beside the program), on a two-case edition.</summary>
public sealed class ImportResponsesCommandTests : ScratchFolder
{
    private const string SampleHeader = "id,department,sex,birth_date,diploma,household_size,urban_area_size,inclusion_probability,last_name,first_name,address,postal_code,city,phone,email";
    private const string ResponseHeader = "case_id,questionnaire_id,questionnaire_version,started_at,completed_at,internet_use,online_harassment,identity_theft,phishing_loss";

    private async Task<TestDatabase> EditionWithTwoCasesAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var sample = Path.Combine(Folder, "sample.csv");
        File.WriteAllLines(sample,
        [
            SampleHeader,
            "A1,75,F,1980-04-02,bac,2,paris,0.002,Martin,Jeanne,1 rue de Rivoli,75001,Paris,,",
            "A2,2B,M,1961-11-30,none,1,rural,0.01,Santoni,Paul,route de Corte,20250,Corte,04 95 00 00 00,paul@corse.invalid",
        ]);
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "sample", "import", sample, "--edition", "2025")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "season", "--edition", "2025", "--start", "2025-03-03", "--end", "2025-07-31")).ExitCode);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        await conn.ExecuteAsync("update edition set module_id = 'module-2024-online-victimisation', module_version = '1' where year = 2025");
        return database;
    }

    [DatabaseFact]
    public async Task Import_responses_stores_the_good_rows_quarantines_the_bad_one_and_a_second_run_changes_nothing()
    {
        await using var database = await EditionWithTwoCasesAsync();
        var file = Path.Combine(Folder, "web-2025-03-10.csv");
        File.WriteAllLines(file,
        [
            ResponseHeader,
            "A1,module-2024-online-victimisation,1,2025-03-05T10:00:00+01:00,2025-03-05T10:12:00+01:00,daily,no,no,no",
            "A2,module-2024-online-victimisation,1,2025-03-05T11:00:00+01:00,2025-03-05T11:12:00+01:00,never,yes,,",
            "A9,module-2024-online-victimisation,1,2025-03-05T11:00:00+01:00,2025-03-05T11:12:00+01:00,never,,,",
        ]);

        var first = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-responses", file, "--edition", "2025", "--mode", "web");
        var again = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-responses", file, "--edition", "2025", "--mode", "web");
        var badMode = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-responses", file, "--edition", "2025", "--mode", "fax");

        Assert.Equal(2, first.ExitCode);
        Assert.Contains("web-2025-03-10.csv: 1 response(s) stored, 2 row(s) quarantined, as web response file 1 of edition 2025", first.Output, StringComparison.Ordinal);
        Assert.Contains("2 row(s) of " + file + " quarantined", first.Error, StringComparison.Ordinal);
        Assert.Contains("row 2 (line 3), online_harassment: answered ('yes') but the filter internet_use != 'never' skips this question", first.Error, StringComparison.Ordinal);
        Assert.Contains("row 3 (line 4), case_id: unknown case 'A9' in edition 2025", first.Error, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("1 problem(s) in the file, nothing changed (" + file + ")", again.Error, StringComparison.Ordinal);
        Assert.Contains("file: already loaded as web response file 1 (web-2025-03-10.csv, 1 stored, 2 quarantined", again.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, badMode.ExitCode);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("select count(*) from response"));
        Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from response_quarantine"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("select count(*) from response_file"));
    }

    [DatabaseFact]
    public async Task Import_responses_refuses_a_file_without_a_required_column_naming_the_file_and_line()
    {
        await using var database = await EditionWithTwoCasesAsync();
        var file = Path.Combine(Folder, "paper.csv");
        File.WriteAllLines(file, ["case_id,questionnaire_id,started_at,completed_at,internet_use", "A1,module-2024-online-victimisation,2025-03-05T10:00:00+01:00,2025-03-05T10:12:00+01:00,never"]);

        var result = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-responses", file, "--edition", "2025", "--mode", "paper");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(file + ", line 1: missing column(s) questionnaire_version", result.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from response_file"));
    }
}
