using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Fieldwork;

public sealed class FieldworkCommandTests : ScratchFolder
{
    private const string SampleHeader = "id,department,sex,birth_date,diploma,household_size,urban_area_size,inclusion_probability,last_name,first_name,address,postal_code,city,phone,email";
    private const string EventHeader = "case_id,event_type,event_time,mode,source";

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
        var season = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "season", "--edition", "2025", "--start", "2025-03-03", "--end", "2025-07-31");
        Assert.Equal(0, season.ExitCode);
        return database;
    }

    [DatabaseFact]
    public async Task Import_events_loads_a_good_file_then_refuses_it_a_second_time_and_lists_every_problem_of_a_bad_one()
    {
        await using var database = await EditionWithTwoCasesAsync();
        var good = Path.Combine(Folder, "good.csv");
        File.WriteAllLines(good, [EventHeader, "A1,web_login,2025-03-05T10:15:00+01:00,web,contractor", "A2,refusal,2025-03-06T09:00:00Z,mail,helpline"]);
        var bad = Path.Combine(Folder, "bad.csv");
        File.WriteAllLines(bad, [EventHeader, "A9,web_login,2025-03-05T10:15:00+01:00,web,contractor", "A1,web_complete,2025-12-01T10:00:00+01:00,fax,contractor"]);

        var first = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-events", good, "--edition", "2025");
        var again = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-events", good, "--edition", "2025");
        var rejected = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-events", bad, "--edition", "2025");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Loaded 2 events into edition 2025 as batch", first.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("file: already loaded as batch", again.Error, StringComparison.Ordinal);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("3 problem(s) in the file, nothing loaded", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("row 1 (line 2), case_id: unknown case 'A9' in edition 2025", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("row 2 (line 3), event_time: 2025-12-01T10:00:00+01:00 is outside the season of edition 2025 (2025-03-03 to 2025-07-31)", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("row 2 (line 3), mode: unknown mode 'fax'", rejected.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from case_event"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("select count(*) from event_batch"));
    }

    [DatabaseFact]
    public async Task Protocol_show_gives_the_VRS_default_and_protocol_run_applies_a_due_step_once()
    {
        await using var database = await EditionWithTwoCasesAsync();

        var run = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "protocol", "run", "--edition", "2025", "--day", "2025-03-13");
        var rerun = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "protocol", "run", "--edition", "2025", "--day", "2025-03-13");
        var show = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "protocol", "show", "--edition", "2025");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("step 1 (day 0, 2025-03-03): 2 communication(s) created", run.Output, StringComparison.Ordinal);
        Assert.Contains("step 2 (day 10, 2025-03-13): 2 communication(s) created", run.Output, StringComparison.Ordinal);
        Assert.Contains("step 3 (day 21, 2025-03-24): not due yet", run.Output, StringComparison.Ordinal);
        Assert.Contains("Total: 0 communication(s) created", rerun.Output, StringComparison.Ordinal);
        Assert.Equal(
            [
                "step,day,channel,target,template,communications",
                "1,0,mail,open,invitation-letter-web-credentials,2",
                "2,10,mail,open,reminder-letter,2",
                "3,21,mail,open,reminder-with-paper-questionnaire,0",
                "4,35,phone,open_with_phone,telephone-follow-up,0",
                "5,70,,close,,0",
            ],
            show.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
