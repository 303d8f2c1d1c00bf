using Dapper;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Core.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Jobs.Seeding;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Seeding;

public class DemoSeederTests
{
    [DatabaseFact]
    public async Task Seeds_one_account_per_role_and_the_2024_edition_with_its_sample_into_an_empty_database_and_nothing_the_second_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var dataSource = VictimSurvey.Data.Infrastructure.DataSourceFactory.Create(database.ConnectionString);
        var accounts = new AccountStore(dataSource, TimeProvider.System);
        var seeder = DemoSeeder.On(dataSource, accounts, sampleSize: 20_000, simulateFieldwork: false);

        Assert.True(await seeder.RunAsync(default));
        Assert.False(await seeder.RunAsync(default));

        var seeded = await accounts.ListAsync(default);
        Assert.Equal(Roles.All.Order(), seeded.SelectMany(a => a.Roles).Order());
        foreach (var (userName, _, password, _) in DemoAccounts.All)
        {
            Assert.Equal(SignInOutcome.Succeeded, (await accounts.SignInAsync(userName, password, default)).Outcome);
        }

        var edition = await new EditionStore(dataSource).GetAsync(2024, default);
        Assert.NotNull(edition);
        Assert.Equal(("vrs-core-2024", "1"), (edition.CoreQuestionnaireId, edition.CoreQuestionnaireVersion));
        Assert.Equal(("module-2024-online-victimisation", "1"), (edition.ModuleId, edition.ModuleVersion));
        Assert.Equal("weighting-specs/vrs-2024.yaml", edition.WeightingSpecPath);
        Assert.Equal(20_000, await new SampleStore(dataSource).CountAsync(2024, default));

        // Without fieldwork: no season, no answers, no phase 2.
        await using var conn = await dataSource.OpenConnectionAsync();
        Assert.Equal((0L, 0L, 0L), (
            await conn.ExecuteScalarAsync<long>("select count(*) from case_event"),
            await conn.ExecuteScalarAsync<long>("select count(*) from response"),
            await conn.ExecuteScalarAsync<long>("select count(*) from sample_phase2")));
    }

    // Its own database (TestDatabase), not the shared fixture: the seeder's editions are always 2024 and 2025, and
    // in a private database they cannot collide with the years the other Data tests take from TestYears in the
    // shared one.
    [DatabaseFact]
    public async Task Seeds_a_finished_2024_season_with_answers_and_a_phase_2_subsample_and_a_2025_season_at_day_30_with_its_answers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var dataSource = VictimSurvey.Data.Infrastructure.DataSourceFactory.Create(database.ConnectionString);
        var library = new QuestionnaireLibrary(Path.Combine(BuiltProgram.RepositoryRoot(), "questionnaires"));
        var seeder = DemoSeeder.On(dataSource, new AccountStore(dataSource, TimeProvider.System), sampleSize: 3_000, questionnaires: library);

        Assert.True(await seeder.RunAsync(default));

        var protocol = new ProtocolStore(dataSource);
        var events = new CaseEventStore(dataSource);
        var e2024 = await protocol.GetEditionAsync(2024, default);
        var e2025 = await protocol.GetEditionAsync(2025, default);
        Assert.Equal((EditionStatus.Closed, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 25)), (e2024.Status, e2024.SeasonStart, e2024.SeasonEnd));
        Assert.Equal((EditionStatus.InField, new DateOnly(2025, 1, 13), new DateOnly(2025, 3, 24)), (e2025.Status, e2025.SeasonStart, e2025.SeasonEnd));
        Assert.Equal(3_000, await new SampleStore(dataSource).CountAsync(2025, default));

        var days2024 = (await events.CountsByTypeAndDayAsync(2024, default)).Select(c => c.Day).ToList();
        var days2025 = (await events.CountsByTypeAndDayAsync(2025, default)).Select(c => c.Day).ToList();
        Assert.True(days2024.Max() > new DateOnly(2024, 3, 1));
        Assert.Equal(new DateOnly(2025, 1, 13).AddDays(30), days2025.Max());
        Assert.Equal([1, 2, 3], (await protocol.CommunicationCountsAsync(2025, default)).Keys.Order());
        Assert.Equal([1, 2, 3, 4], (await protocol.CommunicationCountsAsync(2024, default)).Keys.Order());

        var core = library.Find("vrs-core-2024")!;
        var module = library.Find("module-2024-online-victimisation")!;
        await using var conn = await dataSource.OpenConnectionAsync();
        var completedCases = new CompletedCaseStore(dataSource);

        // Both seasons: exactly one core response per completed case, in the mode and at the time of its first complete, valid.
        var completes = new Dictionary<int, IReadOnlyList<CompletedCase>>();
        foreach (var edition in new[] { e2024, e2025 })
        {
            var completed = completes[edition.Year] = await completedCases.CompletedAsync(edition.Id, default);
            var responses = await ResponsesAsync(conn, edition.Id, "vrs-core-2024");
            Assert.NotEmpty(completed);
            Assert.Equal(completed.Select(c => (c.Id, "1", c.Mode, c.CompletedAt)), responses.Select(r => (r.CaseId, r.Version, r.Mode, r.CompletedAt)));
            var validator = ResponseValidator.For(core);
            Assert.All(responses, r => Assert.Empty(validator.Check(r.Answers).Problems));
        }

        // 2024's phase 2: a subset of the respondents, m_h = round(0.4 r_h) of each stratum, each with probability m_h / r_h.
        var respondents2024 = completes[2024].ToDictionary(c => c.Id);
        var phase2 = (await conn.QueryAsync<(long PersonId, double Probability)>(
            "select person_id, subsampling_probability from sample_phase2 where edition_id = @id", new { id = e2024.Id })).ToList();
        Assert.All(phase2, s => Assert.Contains(s.PersonId, respondents2024.Keys));
        foreach (var stratum in completes[2024].GroupBy(c => c.Stratum))
        {
            var r = stratum.Count();
            var selected = phase2.Where(s => respondents2024[s.PersonId].Stratum == stratum.Key).ToList();
            Assert.Equal(Math.Max(1, (int)Math.Round(Phase2DrawJob.DemoRate * r, MidpointRounding.AwayFromZero)), selected.Count);
            Assert.All(selected, s => Assert.Equal((double)selected.Count / r, s.Probability, 12));
        }

        Assert.InRange(phase2.Count, 0.38 * respondents2024.Count, 0.42 * respondents2024.Count);
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from sample_phase2 where edition_id = @id", new { id = e2025.Id }));

        // Module responses: only for phase-2 cases, most of them, in the mode of their core response, valid for the module.
        var moduleResponses = await ResponsesAsync(conn, e2024.Id, "module-2024-online-victimisation");
        var inPhase2 = phase2.Select(s => s.PersonId).ToHashSet();
        Assert.All(moduleResponses, m =>
        {
            Assert.Contains(m.CaseId, inPhase2);
            Assert.Equal(("1", respondents2024[m.CaseId].Mode), (m.Version, m.Mode));
            Assert.True(m.CompletedAt >= respondents2024[m.CaseId].CompletedAt);
        });
        Assert.InRange(moduleResponses.Count, 0.75 * phase2.Count, 0.95 * phase2.Count);
        var moduleValidator = ResponseValidator.For(module);
        Assert.All(moduleResponses, m => Assert.Empty(moduleValidator.Check(m.Answers).Problems));
        Assert.Empty(await ResponsesAsync(conn, e2025.Id, "module-2024-online-victimisation"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>(
            "select count(*) from response where questionnaire_id not in ('vrs-core-2024', 'module-2024-online-victimisation')"));
    }

    private static async Task<List<(long CaseId, string Version, string Mode, DateTimeOffset CompletedAt, Dictionary<string, string?> Answers)>> ResponsesAsync(
        Npgsql.NpgsqlConnection conn, long editionId, string questionnaireId) =>
        (await conn.QueryAsync<(long CaseId, string Version, string Mode, DateTimeOffset CompletedAt, string Answers)>(
            """
            select case_id, questionnaire_version, mode, completed_at, answers::text
            from response where edition_id = @editionId and questionnaire_id = @questionnaireId order by case_id, mode
            """, new { editionId, questionnaireId }))
        .Select(r => (r.CaseId, r.Version, r.Mode, r.CompletedAt, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Answers)!))
        .ToList();
}
