using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey bench monitoring</c>: draws a national sample into a scratch database on the server
/// of --db / VICTIMSURVEY_DB (created, then dropped), simulates a whole season (<see cref="SeasonSimulator"/>,
/// seeded), times the background refresh of the whole season's case states (every case with an event
/// marked dirty, then <see cref="CaseStateStore.RefreshAsync"/>), then every query the /fieldwork page
/// runs with the case states fresh: the read model (its query and the computation), the change stamp
/// it polls, the first page of the cases needing action in each sort, and the CSV export. Median of
/// --runs runs after one warm-up. Figures go to docs/benchmarks.md.
/// </summary>
internal static class MonitoringBench
{
    private const int Year = 2025;

    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "sample size (cases)", DefaultValueFactory = _ => 200_000 };
        var runs = new Option<int>("--runs") { Description = "timed runs of each query (median shown)", DefaultValueFactory = _ => 5 };
        var keep = new Option<string?>("--keep") { Description = "name of a database to keep (seeded on first use, reused after) instead of a scratch one dropped at the end" };
        var command = new Command("monitoring", "Every query of the fieldwork monitoring page on a simulated season of 200,000 cases.") { cases, runs, keep };
        command.SetAction((parse, ct) => CommonOptions.Guard(() => RunAsync(CommonOptions.ConnectionString(parse), parse.GetValue(cases), Math.Max(1, parse.GetValue(runs)), parse.GetValue(keep), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string server, int cases, int runs, string? keep, CancellationToken ct)
    {
        var scratch = new NpgsqlConnectionStringBuilder(server) { Database = keep ?? "victimsurvey_bench_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
        await Migrator.MigrateAsync(scratch, null, ct);
        try
        {
            await using var db = DataSourceFactory.Create(scratch);
            var editions = new EditionStore(db);
            var seeding = Stopwatch.StartNew();
            SeasonSimulationResult? season = null;
            if ((await editions.ListAsync(ct)).All(e => e.Year != Year))
            {
                season = await SeedAsync(db, editions, cases, ct);
            }

            Console.WriteLine(BenchMachine.Line());
            Console.WriteLine(season is null
                ? $"Kept database {keep}: the season simulated before. Median of {runs} runs after a warm-up."
                : string.Create(CultureInfo.InvariantCulture,
                    $"Season simulated in {seeding.Elapsed.TotalSeconds:F1} s: {cases:N0} cases, {season.Events:N0} events, {season.Communications:N0} communications. Median of {runs} runs after a warm-up."));
            Console.WriteLine();
            Console.WriteLine("| query of the monitoring page | median | min | max |");
            Console.WriteLine("|---|---:|---:|---:|");
            await MeasureAsync(db, runs, ct);
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (keep is null)
            {
                await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
                await conn.OpenAsync(CancellationToken.None);
                await using var drop = new NpgsqlCommand($"drop database if exists \"{new NpgsqlConnectionStringBuilder(scratch).Database}\" with (force)", conn);
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<SeasonSimulationResult> SeedAsync(NpgsqlDataSource db, EditionStore editions, int cases, CancellationToken ct)
    {
        await new SampleDrawJob(editions, new SampleStore(db), new SampleLoader(db)).RunAsync(
            new SampleDrawRequest(Year, new AllocationRequest(AllocationMethod.MinimumPlusProportional, cases, Math.Min(1000, cases / 100)), Year), ct);
        var protocol = new ProtocolStore(db);
        await protocol.SetSeasonAsync(Year, new DateOnly(2025, 1, 13), new DateOnly(2025, 3, 24), ct);
        var season = await new SeasonSimulator(protocol, new CaseEventStore(db), new SimulationStore(db)).RunAsync(Year, untilDay: null, Year, ct);
        await using (var analyze = db.CreateCommand("analyze"))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        return season;
    }

    private static async Task MeasureAsync(NpgsqlDataSource db, int runs, CancellationToken ct)
    {
        // (a) The background work after a season's events: every case with an event dirty, refreshed (one run: it empties the marks).
        var caseState = new CaseStateStore(db);
        var editionId = await caseState.EditionIdAsync(Year, ct) ?? throw new InvalidOperationException("no bench edition");
        await using (var mark = db.CreateCommand(
            "insert into case_state_dirty (edition_id, case_id) select distinct edition_id, case_id from case_event where edition_id = $1 on conflict do nothing"))
        {
            mark.Parameters.AddWithValue(editionId);
            await mark.ExecuteNonQueryAsync(ct);
        }

        var refresh = await caseState.RefreshAsync(editionId, ct);
        Row(string.Create(CultureInfo.InvariantCulture,
            $"background: case states of the whole season refreshed (`CaseStateStore.RefreshAsync`, {refresh.Cases:N0} cases, {refresh.Events:N0} events, {refresh.Slices} slices; one run)"),
            [refresh.Elapsed]);
        // The refresh rewrote every row: vacuumed as autovacuum would soon do (the page reads the table whole).
        await using (var analyze = db.CreateCommand("vacuum analyze case_state"))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        // (b) The page's queries with the case states fresh.
        var store = new FieldworkMonitorStore(db, TimeProvider.System);
        var phases = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        var total = new List<TimeSpan>();
        FieldworkMonitor? monitor = null;
        for (var run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            monitor = await store.LoadFreshAsync(Year, ct, (phase, time) =>
            {
                if (run > 0)
                {
                    (phases.TryGetValue(phase, out var list) ? list : phases[phase] = []).Add(time);
                }
            });
            if (run > 0)
            {
                total.Add(watch.Elapsed);
            }
        }

        var grand = new List<TimeSpan>();
        foreach (var (phase, times) in phases)
        {
            Row($"read model: {phase}", times);
        }

        Row("**read model, computed** (`FieldworkMonitorStore.LoadFreshAsync`: first load after a change)", total);
        grand.Add(Median(total));
        Row("read model, nothing changed since (`LoadAsync`: key look-up, cached model)", await Time(runs, () => store.LoadAsync(Year, ct)));

        var stamp = await Time(runs, () => store.ChangeStampAsync(ct));
        Row("change stamp (polled every 5 s)", stamp);
        grand.Add(Median(stamp));

        var worstPage = TimeSpan.Zero;
        foreach (var sort in ActionCaseQuery.SortKeys)
        {
            foreach (var descending in new[] { false, true })
            {
                var times = await Time(runs, () => store.PageCasesNeedingActionAsync(Year, new ActionCaseQuery(0, 25, sort, descending), ct));
                Row($"cases needing action, first page of 25, by {sort}{(descending ? " desc" : "")}", times);
                worstPage = Median(times) > worstPage ? Median(times) : worstPage;
            }
        }

        var lastPage = await Time(runs, async () =>
        {
            var first = await store.PageCasesNeedingActionAsync(Year, new ActionCaseQuery(0, 25), ct);
            return await store.PageCasesNeedingActionAsync(Year, new ActionCaseQuery((int)Math.Max(0, first.Total - 25), 25), ct);
        });
        Row("cases needing action: first then last page", lastPage);
        grand.Add(worstPage);

        var export = await Time(runs, async () =>
        {
            var figures = await store.LoadAsync(Year, ct);
            var text = new StringWriter(CultureInfo.InvariantCulture);
            RatesCsv.Write(text, figures.ByDepartment, withGroups: true);
            return text.ToString().Length;
        });
        Row("CSV export of the departmental rates (read model cached)", export);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **page load after a change: computed read model + stamp + slowest action page** | {grand.Sum(t => t.TotalSeconds):F2} s | | |"));
        Console.WriteLine();
        var r = monitor!.Representativeness;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Figures: RR1 {monitor.National.RR1:P1}, funnel {monitor.Funnel.Sent:N0} sent / {monitor.Funnel.Reached:N0} reached / {monitor.Funnel.Started:N0} started, {monitor.Undeliverable.MailUndeliverable:N0} mail undeliverable, {monitor.Action.AppointmentsDue:N0} appointments due, {monitor.Action.PartialWeb:N0} partial web, R at {r.Count} cut-offs, last R = {r[^1].Result?.R:F3}."));
    }

    private static async Task<List<TimeSpan>> Time<T>(int runs, Func<Task<T>> query)
    {
        await query();
        var times = new List<TimeSpan>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed);
        }

        return times;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static void Row(string measure, List<TimeSpan> times) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {measure} | {Median(times).TotalSeconds:F3} s | {times.Min().TotalSeconds:F3} s | {times.Max().TotalSeconds:F3} s |"));
}
