using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Tests.Fieldwork;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Infrastructure;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Jobs.Weighting;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Weighting;

/// <summary>
/// A weighting run's snapshot taken from the database on a simulated season with simulated answers:
/// one row per sampled person, the response status of the dispositions, the derived variables of the
/// answers; and a run on it gives what <c>victimsurvey estimate</c> gives on the exported snapshot.
/// </summary>
[Collection(ResponsesDatabaseCollection.Name)]
public sealed class EditionSnapshotTests(DatabaseFixture fixture) : IDisposable
{
    private static readonly string Questionnaires = Path.Combine(BuiltProgram.RepositoryRoot(), "questionnaires");
    private readonly string folder = Directory.CreateTempSubdirectory("vs-snapshot-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>An edition (year from the fieldwork counter) with 3,000 persons, a whole simulated season and the completes' answers.</summary>
    private async Task<(int Year, long EditionId, Questionnaire Core)> SeasonWithAnswersAsync()
    {
        var year = TestYears.Next(fixture.DataSource);
        var samples = new SampleServices(fixture.DataSource);
        await samples.Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 3_000, 20), Seed: year), default);
        var core = QuestionnaireFile.Load(Path.Combine(Questionnaires, "vrs-core-2024.yaml"));
        await samples.Editions.AttachCoreQuestionnaireAsync(year, core.Id, core.Version, default);
        var protocol = new ProtocolStore(fixture.DataSource);
        await protocol.SetSeasonAsync(year, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 25), default);
        await new SeasonSimulator(protocol, new CaseEventStore(fixture.DataSource), new SimulationStore(fixture.DataSource)).RunAsync(year, null, seed: 5, default);
        var editionId = (await protocol.GetEditionAsync(year, default)).Id;
        var completed = await new CompletedCaseStore(fixture.DataSource).CompletedAsync(editionId, default);
        // The last 20 completes get no stored answers: a complete event whose questionnaire never arrived.
        var responses = AnswerSimulator.For(core).ForCompletes(completed.Take(completed.Count - 20), seed: 5)
            .Select(r => new NewResponse(r.CaseId, r.QuestionnaireId, r.QuestionnaireVersion, r.Mode, r.StartedAt, r.CompletedAt, r.Answers));
        await new ResponseStore(fixture.DataSource).CopyResponsesAsync(editionId, responses, default);
        return (year, editionId, core);
    }

    private ServiceProvider Services() =>
        new ServiceCollection()
            .AddVictimSurveyJobs(fixture.Database.ConnectionString)
            .AddSingleton(new QuestionnaireLibrary(Questionnaires))
            .BuildServiceProvider();

    [DatabaseFact]
    public async Task The_snapshot_has_every_person_the_dispositions_response_status_and_the_derived_variables_of_the_answers()
    {
        var (year, editionId, core) = await SeasonWithAnswersAsync();
        await using var services = Services();
        // An event after the season's last refresh of case_state: a non-respondent found deceased. The snapshot must
        // see it (it refreshes the dirty cases first): the case becomes 4.11, not eligible.
        var persons = await new RunInputStore(fixture.DataSource, new CaseStateStore(fixture.DataSource)).PersonsAsync(editionId, default);
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var deceased = (await DispositionsFromEventsAsync(conn, editionId, persons)).Values
            .First(d => d.Category is AaporCategory.Refusal or AaporCategory.NonContact or AaporCategory.UnknownHousehold).CaseId;
        await new CaseEventStore(fixture.DataSource).LoadBatchAsync(editionId, "late-notice.csv",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("late notice " + year))),
            [new CaseEvent(deceased, CaseEventTypes.IneligibleDeceased, new DateTimeOffset(2024, 3, 20, 9, 0, 0, TimeSpan.Zero), "mail", "test")], default);

        var (csv, summary) = await services.GetRequiredService<EditionSnapshot>().BuildAsync(year, default);

        var table = CsvReader.Parse("snapshot.csv", new StringReader(System.Text.Encoding.UTF8.GetString(csv)));
        Assert.Equal([.. EditionSnapshot.FrameColumns, .. core.Derived.Select(d => d.Id)], table.Header);
        Assert.Equal(3_000, table.Rows.Count);
        Assert.Equal(3_000, summary.Persons);
        int Column(string name) => table.Header.ToList().IndexOf(name);

        // The oracle: every case's disposition derived again from all its events by the fieldwork rule (the snapshot
        // reads the case_state rows that the refresh computed).
        var dispositions = await DispositionsFromEventsAsync(conn, editionId, persons);
        Assert.Equal(DispositionCodes.Deceased.Code, dispositions[deceased].Code);
        var byPseudonym = persons.ToDictionary(p => p.PseudonymousId);
        var answers = (await conn.QueryAsync<(long CaseId, string Json)>(
            "select case_id, answers::text from response where edition_id = @editionId", new { editionId })).ToDictionary(r => r.CaseId, r => r.Json);
        var validator = ResponseValidator.For(core);

        var completes = dispositions.Values.Count(d => d.Code == DispositionCodes.Complete.Code);
        Assert.Equal(completes - 20, summary.Respondents);
        Assert.Equal(20, summary.CompletesWithoutResponse);
        Assert.Equal(0, summary.InvalidResponses);
        Assert.Equal(dispositions.Values.Count(d => d.Disposition.Category != AaporCategory.NotEligible), summary.Eligible);
        Assert.True(summary.Eligible < 3_000, "the simulation has ineligible cases");

        foreach (var row in table.Rows)
        {
            var person = byPseudonym[row[Column("id")]];
            var disposition = dispositions[person.Id];
            Assert.Equal(person.DesignWeight.ToString("R", CultureInfo.InvariantCulture), row[Column("design_weight")]);
            Assert.Equal(disposition.Code, row[Column("disposition")]);
            Assert.Equal(disposition.Disposition.Category == AaporCategory.NotEligible ? "0" : "1", row[Column("eligible")]);
            var responded = answers.ContainsKey(person.Id);
            Assert.Equal(responded ? "1" : "0", row[Column("responded")]);
            if (!responded)
            {
                Assert.All(core.Derived, d => Assert.Equal("", row[Column(d.Id)]));
                continue;
            }

            Assert.Equal(disposition.ResponseMode, row[Column("response_mode")]);
            var expected = validator.Check(System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(answers[person.Id])!).Derived;
            Assert.All(core.Derived, d => Assert.Equal(expected[d.Id]?.ToString("R", CultureInfo.InvariantCulture) ?? "", row[Column(d.Id)]));
        }
    }

    private static async Task<Dictionary<long, CaseDisposition>> DispositionsFromEventsAsync(Npgsql.NpgsqlConnection conn, long editionId, IEnumerable<SnapshotPerson> persons)
    {
        var events = (await conn.QueryAsync<(long CaseId, string Type, DateTimeOffset At)>(
            "select case_id, type, min(at) as at from case_event where edition_id = @editionId group by case_id, type", new { editionId }))
            .Select(e => new CaseEvent(e.CaseId, e.Type, e.At, "", "")).ToList();
        return CaseDispositions.DeriveAll(persons.Select(p => p.Id), events).ToDictionary(d => d.CaseId);
    }

    [DatabaseFact]
    public async Task A_run_on_the_edition_gives_the_estimates_of_the_file_command_on_its_snapshot()
    {
        var (year, _, _) = await SeasonWithAnswersAsync();
        var spec = Path.Combine(folder, "spec.yaml");
        File.WriteAllText(Path.Combine(folder, "margins.csv"), """
            variable,category,total
            sex,F,27000000
            sex,M,25000000
            """);
        File.WriteAllText(spec, """
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
              response: responded
              eligible: eligible
            nonresponse:
              method: rhg
              groups: [age_group]
              min_respondents: 30
            calibration:
              method: raking
              margins: margins.csv
            estimates:
              domains: [sex]
              indicators:
                - name: insults
                  proportion: victim_insults
                - name: unsafe
                  proportion: feel_unsafe_neighbourhood
                - name: burglary_reporting
                  ratio: { numerator: complaint_burglary, denominator: victim_burglary }
            """);
        await using var services = Services();

        var (runId, summary) = await services.GetRequiredService<WeightingRunLauncher>().LaunchFromFilesAsync(year, spec, dataPath: null, "test", default);
        await services.GetRequiredService<WeightingRunJob>().RunAsync(runId, default);

        var run = await services.GetRequiredService<WeightingRunStore>().GetAsync(runId, default);
        Assert.True(run!.Status == RunStatus.Succeeded, run.Failure);
        Assert.Equal(summary!.Respondents, run.Respondents);
        var export = services.GetRequiredService<WeightingRunExport>();
        var snapshot = Path.Combine(folder, "snapshot.csv");
        var stored = Path.Combine(folder, "run.csv");
        await export.WriteAsync(runId, null, stored, snapshot, default);
        var (_, _, rows, _) = FileEstimation.Run(spec, snapshot);
        var expected = Path.Combine(folder, "file.csv");
        FileEstimation.WriteCsv(expected, rows);
        Assert.Equal(File.ReadAllText(expected), File.ReadAllText(stored));
        Assert.Equal(3 * 3, rows.Count);
    }
}
