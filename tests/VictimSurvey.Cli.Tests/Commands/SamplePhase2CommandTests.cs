using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

public sealed class SamplePhase2CommandTests
{
    [DatabaseFact]
    public async Task Sample_phase2_subsamples_the_respondents_by_stratum_the_same_way_for_the_same_seed_and_refuses_once_module_responses_exist()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "sample", "draw", "--edition", "2025", "--size", "2000", "--min", "10")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "season", "--edition", "2025", "--start", "2025-01-13", "--end", "2025-03-24")).ExitCode);
        var noRespondent = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "phase2", "--edition", "2025", "--rate", "0.4");
        Assert.Equal(0, (await CliRunner.RunAsync(database.ConnectionString, null, "fieldwork", "simulate", "--edition", "2025", "--until-day", "30")).ExitCode);

        var first = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "phase2", "--edition", "2025", "--rate", "0.4", "--seed", "7");
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        const string Selected = "select coalesce(string_agg(person_id::text, ',' order by person_id), '') from sample_phase2";
        var firstIds = await conn.ExecuteScalarAsync<string>(Selected);
        var other = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "phase2", "--edition", "2025", "--rate", "0.4", "--seed", "8");
        var otherIds = await conn.ExecuteScalarAsync<string>(Selected);
        var again = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "phase2", "--edition", "2025", "--rate", "0.4", "--seed", "7");
        var againIds = await conn.ExecuteScalarAsync<string>(Selected);
        var badRate = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "phase2", "--edition", "2025", "--rate", "1.5");
        var unknown = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "phase2", "--edition", "1999", "--rate", "0.4");

        Assert.Equal(1, noRespondent.ExitCode);
        Assert.Contains("no phase-1 respondent", noRespondent.Error, StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"^Subsampled [\d,]+ of [\d,]+ phase-1 respondents of edition 2025 in \d+ strata \(rate 0\.4, seed 7\)\.", first.Output);
        Assert.Equal((0, 0), (other.ExitCode, again.ExitCode));
        Assert.NotEqual(firstIds, otherIds);
        Assert.Equal(firstIds, againIds);

        // Every selected person completed, and carries m_h / r_h of its stratum.
        var strata = (await conn.QueryAsync<(string Stratum, long Respondents, long Selected, double MinProbability, double MaxProbability)>(
            """
            select p.stratum,
                   count(*) filter (where exists (select 1 from case_event e where e.case_id = p.id and e.type in ('web_complete', 'paper_received', 'phone_complete'))),
                   count(s.person_id), coalesce(min(s.subsampling_probability), 0), coalesce(max(s.subsampling_probability), 0)
            from sample_person p left join sample_phase2 s on s.person_id = p.id
            group by p.stratum
            """)).ToList();
        Assert.All(strata.Where(s => s.Respondents > 0), s =>
        {
            Assert.Equal(Math.Max(1, (long)Math.Round(0.4 * s.Respondents, MidpointRounding.AwayFromZero)), s.Selected);
            Assert.Equal((double)s.Selected / s.Respondents, s.MinProbability, 12);
            Assert.Equal(s.MinProbability, s.MaxProbability);
        });
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>(
            """
            select count(*) from sample_phase2 s
            where not exists (select 1 from case_event e where e.case_id = s.person_id and e.type in ('web_complete', 'paper_received', 'phone_complete'))
            """));

        Assert.Equal(1, badRate.ExitCode);
        Assert.Contains("rate must be above 0 and at most 1", badRate.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("edition 1999 does not exist", unknown.Error, StringComparison.Ordinal);

        // Once a module response is stored, the subsample stays.
        await conn.ExecuteAsync(
            """
            update edition set module_id = 'module-2024-online-victimisation', module_version = '1';
            insert into response (edition_id, case_id, questionnaire_id, questionnaire_version, mode, started_at, completed_at, answers)
            select s.edition_id, s.person_id, 'module-2024-online-victimisation', '1', 'web', '2025-02-01T10:00:00Z', '2025-02-01T10:10:00Z', '{}'::jsonb
            from sample_phase2 s order by s.person_id limit 1;
            """);
        var afterModule = await CliRunner.RunAsync(database.ConnectionString, null, "sample", "phase2", "--edition", "2025", "--rate", "0.4", "--seed", "8");
        Assert.Equal(1, afterModule.ExitCode);
        Assert.Contains("already has 1 response(s) to its module", afterModule.Error, StringComparison.Ordinal);
        Assert.Equal(firstIds, await conn.ExecuteScalarAsync<string>(Selected));
    }
}
