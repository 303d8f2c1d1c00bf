using Npgsql;
using VictimSurvey.Core.Editions;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Jobs.Seeding;

/// <summary>
/// Fills an empty database with the demo data: one account per role, and the 2024 edition (its
/// questionnaire, module and weighting spec attached) with a 200,000-person sample drawn with a fixed
/// seed. With <see cref="SimulateFieldwork"/> (the default), also the fieldwork: the 2024 season
/// simulated to its end (2024-01-15 to 2024-03-25, status closed), and the 2025 edition (rolled over
/// from 2024, its own sample drawn with seed 2025) in the field at day 30 of 70 (2025-01-13 to
/// 2025-03-24, status in_field). After each season, the completed cases' answers to the core
/// questionnaire (<see cref="ResponseSimulator"/>); for the closed 2024 season, first the phase-2
/// subsample of its respondents (<see cref="Phase2DrawJob"/>, rate <see cref="Phase2DrawJob.DemoRate"/>,
/// seed 2024) and then the module's answers of those who answer it. Last, with a <see cref="Release"/>
/// (the CLI's seed sets one, with a job server), 2024 weighted by its spec, the run approved and its
/// estimates released (published on <see cref="DemoRelease.PublicationAt"/>). Does nothing to a database
/// that already has accounts, so a second <c>./run.sh</c> keeps what the first one left.
/// </summary>
public sealed class DemoSeeder(
    AccountStore accounts, EditionStore editions, SampleDrawJob sampleDraw, ProtocolStore protocol, SeasonSimulator simulator,
    Phase2DrawJob phase2Draw, ResponseSimulator answers)
{
    public const int DemoEditionYear = 2024;
    public const int DemoSeed = 2024;
    public const int InFieldEditionYear = 2025;
    public const int InFieldDay = 30;
    public static readonly (DateOnly Start, DateOnly End) Season2024 = (new(2024, 1, 15), new(2024, 3, 25));
    public static readonly (DateOnly Start, DateOnly End) Season2025 = (new(2025, 1, 13), new(2025, 3, 24));

    /// <summary>Simulate the 2024 season and the 2025 one under way (false: accounts and the 2024 sample only, as the web tests need).</summary>
    public bool SimulateFieldwork { get; set; } = true;

    /// <summary>
    /// The weighting run and release that end a seed with fieldwork; null to stop at the answers. Set by the
    /// caller rather than injected: it needs Hangfire's storage (and a job server), which a seed without it
    /// should not have to set up.
    /// </summary>
    public DemoRelease? Release { get; set; }

    /// <summary>Told each phase as it ends, with its duration (the CLI prints them).</summary>
    public Action<string, TimeSpan>? Progress { get; set; }

    /// <summary>The demo edition's sample size (smaller in tests that do not need a national sample).</summary>
    public int SampleSize { get; init; } = 200_000;

    /// <summary>The VRS rule: a minimum per department, the rest proportional to the adult population.</summary>
    public int MinimumPerDepartment { get; init; } = 1000;

    /// <summary>
    /// The seeder wired on one data source, for tests that do not build a service provider. The
    /// questionnaires (needed for the answers only) come from <paramref name="questionnaires"/>, else
    /// from the default folder (VICTIMSURVEY_QUESTIONNAIRES or beside the program).
    /// </summary>
    public static DemoSeeder On(NpgsqlDataSource db, AccountStore accounts, int sampleSize = 200_000, bool simulateFieldwork = true, QuestionnaireLibrary? questionnaires = null)
    {
        var editions = new EditionStore(db);
        var protocol = new ProtocolStore(db);
        var loader = new SampleLoader(db);
        var completed = new CompletedCaseStore(db);
        var responses = new ResponseStore(db);
        questionnaires ??= new QuestionnaireLibrary(QuestionnaireLibrary.DefaultFolder(Environment.GetEnvironmentVariable(QuestionnaireLibrary.FolderVariable)));
        return new DemoSeeder(
            accounts, editions, new SampleDrawJob(editions, new SampleStore(db), loader),
            protocol, new SeasonSimulator(protocol, new CaseEventStore(db), new SimulationStore(db)),
            new Phase2DrawJob(editions, completed, responses, loader),
            new ResponseSimulator(editions, completed, responses, questionnaires))
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
        var phase2 = await phase2Draw.RunAsync(new Phase2DrawRequest(DemoEditionYear, Phase2DrawJob.DemoRate, DemoSeed), ct);
        Done(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"phase 2 of {DemoEditionYear}: {phase2.Selected:N0} of {phase2.Respondents:N0} respondents subsampled (rate {Phase2DrawJob.DemoRate})"));
        Done(Answered(await answers.RunAsync(DemoEditionYear, DemoSeed, ct)));

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
        Done(Answered(await answers.RunAsync(InFieldEditionYear, InFieldEditionYear, ct)));

        // 2024's estimates, weighted, approved and published.
        if (Release is not null)
        {
            var released = await Release.RunAsync(DemoEditionYear, ct);
            Done(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"weighting run {released.RunId} of {DemoEditionYear} ({released.Respondents:N0} respondents) approved and released (release {released.ReleaseId}, published {DemoRelease.PublicationAt:yyyy-MM-dd})"));
        }

        return true;
    }

    private static string Answered(ResponseSimulationResult r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"answers {r.EditionYear}: {r.Core:N0} core responses ({ByMode(r.CoreByMode)})")
        + (r.Phase2Cases == 0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", {r.Module:N0} module responses ({ByMode(r.ModuleByMode)})"));

    private static string ByMode(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));

    private static string Simulated(SeasonSimulationResult r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"season {r.EditionYear} to day {r.UntilDay}: {r.Communications:N0} communications, {r.Events:N0} events in {r.BatchesLoaded} batches (generated in {r.Generating.TotalSeconds:F1} s)");
}
