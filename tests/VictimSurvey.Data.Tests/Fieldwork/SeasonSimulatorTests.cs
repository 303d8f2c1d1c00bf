using Dapper;
using Npgsql;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

[Collection(DatabaseCollection.Name)]
public sealed class SeasonSimulatorTests(DatabaseFixture fixture)
{
    private static readonly DateOnly Start = new(2024, 1, 15);
    private static readonly DateOnly End = new(2024, 3, 25); // day 70

    private ProtocolStore Protocol => new(fixture.DataSource);

    private SeasonSimulator Simulator => new(Protocol, new CaseEventStore(fixture.DataSource), new SimulationStore(fixture.DataSource));

    /// <summary>Cases like the demo sample's (every department, age group and sex; 70% with a phone), without a database.</summary>
    private static List<SimulatedCase> SyntheticCases(int n)
    {
        var departments = ApproximateAdultPopulation.VrsCoverage;
        string[] ages = ["18-29", "30-44", "45-59", "60-74", "75+"];
        return Enumerable.Range(1, n).Select(i => new SimulatedCase
        {
            Id = i,
            DepartmentCode = departments[i % departments.Count],
            Sex = i % 2 == 0 ? "F" : "M",
            AgeGroup = ages[(i / 7) % ages.Length],
            HasPhone = i % 10 < 7,
            HasEmail = i % 20 < 11,
        }).ToList();
    }

    private static (ResponseRates Rates, double WebShare, IReadOnlyList<CaseDisposition> Dispositions) Outcome(IEnumerable<long> ids, IReadOnlyList<CaseEvent> events)
    {
        var dispositions = CaseDispositions.DeriveAll(ids, events);
        var completes = dispositions.Where(d => d.Code == "1.1").ToList();
        return (AaporRates.Compute(dispositions), completes.Count(d => d.ResponseMode == FieldworkModes.Web) / (double)completes.Count, dispositions);
    }

    [Fact]
    public void The_same_seed_gives_the_same_events_and_another_seed_other_events()
    {
        var cases = SyntheticCases(5_000);

        var first = SeasonSimulation.Generate(cases, Start, End, VrsProtocol.Default, seed: 7);
        var again = SeasonSimulation.Generate(cases, Start, End, VrsProtocol.Default, seed: 7);
        var other = SeasonSimulation.Generate(cases, Start, End, VrsProtocol.Default, seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_full_season_gives_a_VRS_like_response_rate_mostly_by_web_with_every_kind_of_event()
    {
        var cases = SyntheticCases(20_000);

        var events = SeasonSimulation.Generate(cases, Start, End, VrsProtocol.Default, seed: 2024);
        var (rates, webShare, dispositions) = Outcome(cases.Select(c => c.Id), events);

        Assert.InRange(rates.RR1, 0.45, 0.60);
        Assert.InRange(webShare, 0.7, 0.9);
        Assert.All(CaseEventTypes.All.Where(t => t != CaseEventTypes.EmailBounced), t => Assert.Contains(events, e => e.Type == t));
        Assert.InRange(dispositions.Count(d => d.Category == AaporCategory.NotEligible) / (double)cases.Count, 0.01, 0.03);
        Assert.InRange(events.Count(e => e.Type == CaseEventTypes.MailUndeliverable) / (double)cases.Count, 0.02, 0.04);
        Assert.Contains(dispositions, d => d.Duplicates.Any(e => e.Type == CaseEventTypes.PaperReceived)); // paper after web
        Assert.All(events.Where(e => e.Type.StartsWith("phone_", StringComparison.Ordinal)), e => Assert.True(cases[(int)e.CaseId - 1].HasPhone));
    }

    [Fact]
    public void Young_people_and_the_planted_departments_answer_less()
    {
        var cases = SyntheticCases(30_000);
        var events = SeasonSimulation.Generate(cases, Start, End, VrsProtocol.Default, seed: 3);
        var (_, _, dispositions) = Outcome(cases.Select(c => c.Id), events);
        var complete = dispositions.Where(d => d.Code == "1.1").Select(d => d.CaseId).ToHashSet();
        double Rate(Func<SimulatedCase, bool> where) => cases.Where(where).Average(c => complete.Contains(c.Id) ? 1.0 : 0.0);

        Assert.True(Rate(c => c.AgeGroup == "18-29") < Rate(c => c.AgeGroup == "60-74") - 0.15);
        Assert.True(Rate(c => c.DepartmentCode == "93") < Rate(c => c.DepartmentCode == "35") - 0.1);
    }

    private async Task<(int Year, long EditionId)> EditionWithSampleAsync(int size)
    {
        var year = TestYears.Next(fixture.DataSource);
        await new SampleServices(fixture.DataSource).Draw.RunAsync(
            new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.MinimumPlusProportional, size, 20), Seed: year), default);
        await Protocol.SetSeasonAsync(year, Start, End, default);
        return (year, (await Protocol.GetEditionAsync(year, default)).Id);
    }

    private async Task<List<CaseEvent>> EventsAsync(long editionId)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select case_id, type, at, mode, source from case_event where edition_id = @editionId", conn);
        command.Parameters.AddWithValue("editionId", editionId);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<CaseEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new CaseEvent(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4)));
        }

        return events;
    }

    private static IEnumerable<string> Keys(IEnumerable<CaseEvent> events) =>
        events.Select(e => $"{e.CaseId}|{e.Type}|{e.At.UtcTicks}|{e.Mode}|{e.Source}").Order(StringComparer.Ordinal);

    [DatabaseFact]
    public async Task A_simulated_season_is_stored_as_generated_inside_the_season_with_rates_like_VRS()
    {
        var (year, editionId) = await EditionWithSampleAsync(8_000);

        var result = await Simulator.RunAsync(year, untilDay: null, seed: 11, default);

        var stored = await EventsAsync(editionId);
        var cases = await new SimulationStore(fixture.DataSource).CasesAsync(editionId, default);
        var expected = SeasonSimulation.Generate(cases, Start, End, VrsProtocol.Default, seed: 11);
        Assert.Equal(Keys(expected), Keys(stored)); // the protocol's SQL reached exactly the cases the generator found open
        Assert.Equal(70, result.UntilDay);
        Assert.InRange(result.BatchesLoaded, 50, 71); // one per day with contractor events (none on day 0)
        Assert.All(stored, e => Assert.InRange(e.At, FieldworkClock.StartOf(Start), FieldworkClock.StartOf(End.AddDays(1)).AddTicks(-1)));
        var (rates, webShare, _) = Outcome(cases.Select(c => c.Id), stored);
        Assert.InRange(rates.RR1, 0.45, 0.60);
        Assert.InRange(webShare, 0.7, 0.9);
    }

    [DatabaseFact]
    public async Task Day_30_has_nothing_after_day_30_going_on_gives_the_whole_season_and_another_seed_is_refused()
    {
        var (year, editionId) = await EditionWithSampleAsync(3_000);

        var partial = await Simulator.RunAsync(year, untilDay: 30, seed: 5, default);
        var atDay30 = await EventsAsync(editionId);
        var again = await Simulator.RunAsync(year, untilDay: 30, seed: 5, default);
        var rest = await Simulator.RunAsync(year, untilDay: null, seed: 5, default);

        Assert.NotEmpty(atDay30);
        Assert.All(atDay30, e => Assert.True(e.At < FieldworkClock.StartOf(Start.AddDays(31))));
        Assert.Contains(atDay30, e => e.At >= FieldworkClock.StartOf(Start.AddDays(30)));
        Assert.Equal((0, partial.BatchesLoaded, 0L, 0L), (again.BatchesLoaded, again.BatchesSkipped, again.Events, again.Communications));
        Assert.Equal(partial.BatchesLoaded, rest.BatchesSkipped);
        var cases = await new SimulationStore(fixture.DataSource).CasesAsync(editionId, default);
        Assert.Equal(Keys(SeasonSimulation.Generate(cases, Start, End, VrsProtocol.Default, seed: 5)), Keys(await EventsAsync(editionId)));
        var otherSeed = await Assert.ThrowsAsync<FieldworkException>(() => Simulator.RunAsync(year, untilDay: null, seed: 6, default));
        Assert.Contains("another seed", otherSeed.Message, StringComparison.Ordinal);
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        Assert.Equal(4, await conn.ExecuteScalarAsync<long>("select count(distinct step_number) from communication where edition_id = @editionId", new { editionId }));
    }
}
