using Dapper;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

[Collection(DatabaseCollection.Name)]
public sealed class CompletedCaseStoreTests(DatabaseFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vs-completed-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly string[] Events =
    [
        "EXT-00001,web_login,2025-03-05T10:00:00+01:00,web,web-platform",
        "EXT-00001,web_complete,2025-03-05T10:31:00+01:00,web,web-platform",       // web, started at the login
        "EXT-00001,paper_received,2025-03-25T10:00:00+01:00,paper,scanning",       // duplicate, not used
        "EXT-00002,web_login,2025-03-06T10:00:00+01:00,web,web-platform",
        "EXT-00002,paper_received,2025-03-20T10:00:00+01:00,paper,scanning",       // paper
        "EXT-00003,phone_complete,2025-04-10T18:00:00+02:00,phone,cati",           // phone, then an ineligibility: still complete
        "EXT-00003,ineligible_moved_abroad,2025-04-20T18:00:00+02:00,mail,la-poste",
        "EXT-00004,ineligible_deceased,2025-03-11T09:00:00+01:00,mail,family",     // ineligible first: not a complete
        "EXT-00004,paper_received,2025-03-21T09:00:00+01:00,paper,scanning",
        "EXT-00005,paper_received,2025-03-12T09:00:00+01:00,paper,scanning",       // same instant: the web complete comes first
        "EXT-00005,web_complete,2025-03-12T09:00:00+01:00,web,web-platform",
        "EXT-00006,refusal,2025-03-07T09:00:00+01:00,mail,helpline",               // no complete
        "EXT-00007,web_partial,2025-03-08T09:00:00+01:00,web,web-platform",        // no complete
    ];

    [DatabaseFact]
    public async Task Lists_the_cases_whose_disposition_is_complete_with_their_frame_and_first_complete()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var year = await services.EditionWithCasesAsync(8, folder);
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder, Events), year, default);
        var edition = await services.Protocol.GetEditionAsync(year, default);

        var completed = await new CompletedCaseStore(fixture.DataSource).CompletedAsync(edition.Id, default);

        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var ids = (await conn.QueryAsync<(string Pseudonym, long Id)>(
            "select pseudonymous_id, id from sample_person where edition_id = @id", new { id = edition.Id })).ToDictionary(p => p.Pseudonym, p => p.Id);
        var events = Events.Select(line => line.Split(','))
            .Select(f => new CaseEvent(ids[f[0]], f[1], DateTimeOffset.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), f[3], f[4]))
            .ToList();
        var dispositions = CaseDispositions.DeriveAll(ids.Values.Order(), events).Where(d => d.Code == DispositionCodes.Complete.Code).ToList();

        Assert.Equal(["EXT-00001", "EXT-00002", "EXT-00003", "EXT-00005"], completed.Select(c => ids.Single(p => p.Value == c.Id).Key));
        Assert.Equal(dispositions.Select(d => (d.CaseId, d.ResponseMode, d.FirstCompleteAt)), completed.Select(c => (c.Id, (string?)c.Mode, (DateTimeOffset?)c.CompletedAt)));
        Assert.Equal(["web", "paper", "phone", "web"], completed.Select(c => c.Mode));
        Assert.Equal(DateTimeOffset.Parse("2025-03-05T10:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture), completed[0].StartedAt);
        Assert.Null(completed[1].StartedAt); // a web login, but the complete was on paper
        Assert.Null(completed[2].StartedAt);
        Assert.Null(completed[3].StartedAt);

        var frame = (await conn.QueryAsync<(long Id, string Department, string Sex, string AgeGroup, int BirthYear, short HouseholdSize, string Diploma, string Urban)>(
            "select id, department_code, sex, age_group, birth_year, household_size, diploma, urban_area_size from sample_person where edition_id = @id",
            new { id = edition.Id })).ToDictionary(p => p.Id);
        Assert.All(completed, c =>
        {
            var p = frame[c.Id];
            Assert.Equal((p.Department, p.Sex, p.AgeGroup, p.BirthYear, (int?)p.HouseholdSize, p.Diploma, p.Urban),
                (c.DepartmentCode, c.Sex, c.AgeGroup, c.BirthYear, c.HouseholdSize, c.Diploma, c.UrbanAreaSize));
        });
    }

    [DatabaseFact]
    public async Task On_a_simulated_season_the_store_agrees_with_the_dispositions_and_every_complete_gets_valid_answers()
    {
        var year = TestYears.Next(fixture.DataSource);
        await new SampleServices(fixture.DataSource).Draw.RunAsync(
            new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 3_000, 20), Seed: year), default);
        var protocol = new ProtocolStore(fixture.DataSource);
        await protocol.SetSeasonAsync(year, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 25), default);
        await new SeasonSimulator(protocol, new CaseEventStore(fixture.DataSource), new SimulationStore(fixture.DataSource)).RunAsync(year, null, seed: 3, default);
        var editionId = (await protocol.GetEditionAsync(year, default)).Id;

        var completed = await new CompletedCaseStore(fixture.DataSource).CompletedAsync(editionId, default);

        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var events = (await conn.QueryAsync<(long CaseId, string Type, DateTimeOffset At, string Mode, string Source)>(
            "select case_id, type, at, mode, source from case_event where edition_id = @editionId", new { editionId }))
            .Select(e => new CaseEvent(e.CaseId, e.Type, e.At, e.Mode, e.Source));
        var ids = await conn.QueryAsync<long>("select id from sample_person where edition_id = @editionId order by id", new { editionId });
        var dispositions = CaseDispositions.DeriveAll(ids, events).Where(d => d.Code == DispositionCodes.Complete.Code).ToList();
        Assert.InRange(completed.Count, 1_300, 1_900);
        Assert.Equal(dispositions.Select(d => (d.CaseId, d.ResponseMode, d.FirstCompleteAt)), completed.Select(c => (c.Id, (string?)c.Mode, (DateTimeOffset?)c.CompletedAt)));
        Assert.All(completed.Where(c => c.Mode == "web"), c => Assert.InRange(c.CompletedAt - c.StartedAt!.Value, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(50)));

        var questionnaire = QuestionnaireFile.Load(Path.Combine(BuiltProgram.RepositoryRoot(), "questionnaires", "vrs-core-2024.yaml"));
        var responses = AnswerSimulator.For(questionnaire).ForCompletes(completed, seed: 3).ToList();

        var validator = ResponseValidator.For(questionnaire);
        Assert.Equal(completed.Select(c => (c.Id, c.Mode, c.CompletedAt)), responses.Select(r => (r.CaseId, r.Mode, r.CompletedAt)));
        Assert.All(responses.Zip(completed), p =>
        {
            Assert.Empty(validator.Check(p.First.Answers).Problems);
            Assert.Equal(p.Second.Sex, p.First.Answers["sex"]);
            Assert.Equal(p.Second.HouseholdSize?.ToString(System.Globalization.CultureInfo.InvariantCulture), p.First.Answers["household_size"]);
        });
    }
}
