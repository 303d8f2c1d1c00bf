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
        // The CLI refreshes the case states itself (no job server): nothing left dirty.
        Assert.Contains("Case states refreshed:", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from case_state_dirty"));
        Assert.Equal(await conn.ExecuteScalarAsync<long>("select count(distinct case_id) from case_event"), await conn.ExecuteScalarAsync<long>("select count(*) from case_state"));
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

    [DatabaseFact]
    public async Task Rates_writes_the_national_row_first_then_one_row_per_group_with_round_trip_invariant_numbers()
    {
        await using var database = await EditionWithTwoCasesAsync();
        var events = Path.Combine(Folder, "events.csv");
        File.WriteAllLines(events,
        [
            EventHeader,
            "A1,communication_sent,2025-03-03T10:00:00+01:00,mail,protocol",
            "A2,communication_sent,2025-03-03T10:00:00+01:00,mail,protocol",
            "A1,web_complete,2025-03-05T10:15:00+01:00,web,contractor",
            "A2,mail_undeliverable,2025-03-06T09:00:00Z,mail,la-poste",
        ]);
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "import-events", events, "--edition", "2025")).ExitCode);
        var national = Path.Combine(Folder, "national.csv");
        var bySex = Path.Combine(Folder, "by-sex.csv");

        var first = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "rates", "--edition", "2025", "--out", national);
        var second = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "rates", "--edition", "2025", "--by", "sex", "--out", bySex);
        var unknown = await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "rates", "--edition", "1999");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        // I = 1 (A1, F), UO = 1 (A2, M: undelivered). e = 1/1; RR1 = 1/2, RR5 = 1/1, COOP1 = 1, REF1 = 0, CON1 = 1/2.
        const string Header = "group,n,I,P,R,NC,O,UH,UO,NE,e,RR1,RR2,RR3,RR4,RR5,RR6,COOP1,COOP2,COOP3,COOP4,REF1,REF2,REF3,CON1,CON2,CON3";
        Assert.Equal([Header, "national,2,1,0,0,0,0,0,1,0,1,0.5,0.5,0.5,0.5,1,1,1,1,1,1,0,0,0,0.5,0.5,1"], File.ReadAllLines(national));
        Assert.Equal(
            [
                Header,
                "national,2,1,0,0,0,0,0,1,0,1,0.5,0.5,0.5,0.5,1,1,1,1,1,1,0,0,0,0.5,0.5,1",
                "F,1,1,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,0,0,0,1,1,1",
                "M,1,0,0,0,0,0,0,1,0,NaN,0,0,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,0,NaN,NaN,0,NaN,NaN",
            ],
            File.ReadAllLines(bySex));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("edition 1999 does not exist", unknown.Error, StringComparison.Ordinal);
    }
}
