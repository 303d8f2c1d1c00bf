using Npgsql;
using VictimSurvey.Core.Editions;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Jobs.Seeding;

/// <summary>
/// Fills an empty database with the demo data: one account per role, and the 2024 edition (its
/// questionnaire, module and weighting spec attached) with a 200,000-person sample drawn with a fixed
/// seed. With <see cref="SimulateFieldwork"/> (the default), also the fieldwork: the 2024 season
/// simulated to its end (2024-01-15 to 2024-03-25, status closed), and the 2025 edition (rolled over
/// from 2024, its own sample drawn with seed 2025) in the field at day 30 of 70 (2025-01-13 to
/// 2025-03-24, status in_field). A later issue adds a weighting run. Does nothing to a database that
/// already has accounts, so a second <c>./run.sh</c> keeps what the first one left.
/// </summary>
public sealed class DemoSeeder(AccountStore accounts, EditionStore editions, SampleDrawJob sampleDraw, ProtocolStore protocol, SeasonSimulator simulator)
{
    public const int DemoEditionYear = 2024;
    public const int DemoSeed = 2024;
    public const int InFieldEditionYear = 2025;
    public const int InFieldDay = 30;
    public static readonly (DateOnly Start, DateOnly End) Season2024 = (new(2024, 1, 15), new(2024, 3, 25));
    public static readonly (DateOnly Start, DateOnly End) Season2025 = (new(2025, 1, 13), new(2025, 3, 24));

    /// <summary>Simulate the 2024 season and the 2025 one under way (false: accounts and the 2024 sample only, as the web tests need).</summary>
    public bool SimulateFieldwork { get; set; } = true;

    /// <summary>Told each phase as it ends, with its duration (the CLI prints them).</summary>
    public Action<string, TimeSpan>? Progress { get; set; }

    /// <summary>The demo edition's sample size (smaller in tests that do not need a national sample).</summary>
    public int SampleSize { get; init; } = 200_000;

    /// <summary>The VRS rule: a minimum per department, the rest proportional to the adult population.</summary>
    public int MinimumPerDepartment { get; init; } = 1000;

    /// <summary>The seeder wired on one data source, for tests that do not build a service provider.</summary>
    public static DemoSeeder On(NpgsqlDataSource db, AccountStore accounts, int sampleSize = 200_000, bool simulateFieldwork = true)
    {
        var editions = new EditionStore(db);
        var protocol = new ProtocolStore(db);
        return new DemoSeeder(
            accounts, editions, new SampleDrawJob(editions, new SampleStore(db), new SampleLoader(db)),
            protocol, new SeasonSimulator(protocol, new CaseEventStore(db), new SimulationStore(db)))
        {
            SampleSize = sampleSize,
            SimulateFieldwork = simulateFieldwork,
        };
    }

    /// <returns>True when the demo data was written, false when the database was not empty.</returns>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        if (await accounts.AnyAsync(ct))
        {
            return false;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Done(string phase)
        {
            Progress?.Invoke(phase, watch.Elapsed);
            watch.Restart();
        }

        foreach (var (userName, displayName, password, role) in DemoAccounts.All)
        {
            await accounts.CreateAsync(new NewAccount(userName, displayName, password, [role]), "demo-seed", ct);
        }

        // The questionnaire files and the spec are written elsewhere; the edition stores their ids and path.
        await editions.CreateAsync(new NewEdition(
            DemoEditionYear,
            NewEdition.VrsPopulation,
            ApproximateAdultPopulation.VrsCoverage,
            CoreQuestionnaireId: "vrs-core-2024",
            CoreQuestionnaireVersion: "1",
            ModuleId: "module-2024-online-victimisation",
            ModuleVersion: "1",
            WeightingSpecPath: "weighting-specs/vrs-2024.yaml"), ct);
        await sampleDraw.RunAsync(new SampleDrawRequest(
            DemoEditionYear,
            new AllocationRequest(AllocationMethod.MinimumPlusProportional, SampleSize, Math.Min(MinimumPerDepartment, SampleSize / 100)),
            DemoSeed), ct);
        Done($"accounts, edition {DemoEditionYear} and its sample");
        if (!SimulateFieldwork)
        {
            return true;
        }

        // 2024: the whole season, then closed (planned → closed: statuses may skip a step). Drawing
        // 2025's sample alongside was tried and gained nothing on 2 cores: both are the server's work.
        await protocol.SetSeasonAsync(DemoEditionYear, Season2024.Start, Season2024.End, ct);
        var season2024 = await simulator.RunAsync(DemoEditionYear, untilDay: null, DemoSeed, ct);
        await editions.SetStatusAsync(DemoEditionYear, EditionStatus.Closed, ct);
        Done(Simulated(season2024));

        // 2025: next year's edition with its own sample, in the field at day 30.
        await editions.CreateNextAsync(DemoEditionYear, ct);
        await sampleDraw.RunAsync(new SampleDrawRequest(
            InFieldEditionYear,
            new AllocationRequest(AllocationMethod.MinimumPlusProportional, SampleSize, Math.Min(MinimumPerDepartment, SampleSize / 100)),
            InFieldEditionYear), ct);
        Done($"edition {InFieldEditionYear} and its sample");
        await protocol.SetSeasonAsync(InFieldEditionYear, Season2025.Start, Season2025.End, ct);
        await editions.SetStatusAsync(InFieldEditionYear, EditionStatus.InField, ct);
        Done(Simulated(await simulator.RunAsync(InFieldEditionYear, InFieldDay, InFieldEditionYear, ct)));
        return true;
    }

    private static string Simulated(SeasonSimulationResult r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"season {r.EditionYear} to day {r.UntilDay}: {r.Communications:N0} communications, {r.Events:N0} events in {r.BatchesLoaded} batches (generated in {r.Generating.TotalSeconds:F1} s)");
}
