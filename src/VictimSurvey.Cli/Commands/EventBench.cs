using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey bench events</c>: draws a national sample into a scratch database on the server of
/// --db / VICTIMSURVEY_DB (created, then dropped), writes a contractor event file for it (seeded) and
/// times its import, the refusal of the same file, and the protocol's first step. Figures go to docs/benchmarks.md.
/// </summary>
internal static class EventBench
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "sample size (cases)", DefaultValueFactory = _ => 200_000 };
        var events = new Option<int>("--events") { Description = "events in the file", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("events", "Import of a contractor event file (1,000,000 events on 200,000 cases), its duplicate refusal, and a protocol step.")
        {
            cases, events,
        };
        command.SetAction((parse, ct) => CommonOptions.Guard(() => RunAsync(CommonOptions.ConnectionString(parse), parse.GetValue(cases), parse.GetValue(events), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string server, int cases, int eventCount, CancellationToken ct)
    {
        var scratch = new NpgsqlConnectionStringBuilder(server) { Database = "victimsurvey_bench_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
        var file = Path.Combine(Path.GetTempPath(), "victimsurvey-events-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        await Migrator.MigrateAsync(scratch, null, ct);
        try
        {
            await using var db = DataSourceFactory.Create(scratch);
            var editions = new EditionStore(db);
            var samples = new SampleStore(db);
            await new SampleDrawJob(editions, samples, new SampleLoader(db)).RunAsync(
                new SampleDrawRequest(2025, new AllocationRequest(AllocationMethod.MinimumPlusProportional, cases, Math.Min(1000, cases / 100)), 2025), ct);
            var protocol = new ProtocolStore(db);
            var store = new CaseEventStore(db);
            await protocol.SetSeasonAsync(2025, new DateOnly(2025, 3, 3), new DateOnly(2025, 7, 31), ct);
            var ids = (await store.CaseIdsAsync((await protocol.GetEditionAsync(2025, ct)).Id, ct)).Keys.Order(StringComparer.Ordinal).ToArray();
            WriteFile(file, ids, eventCount);

            Console.WriteLine(BenchMachine.Line());
            Console.WriteLine();
            Console.WriteLine("| measure | cases | events | time |");
            Console.WriteLine("|---|---:|---:|---:|");
            var import = new EventBatchImport(protocol, store);
            var watch = Stopwatch.StartNew();
            var result = await import.RunAsync(file, 2025, ct);
            var total = watch.Elapsed;
            Row("read + check every row (CSV, one case-id query, SHA-256)", cases, result.Events, result.Reading);
            Row("load: batch row + binary COPY of the events, one transaction", cases, result.Events, result.Loading);
            Row("**import total** (`EventBatchImport.RunAsync`, dirty marks of its cases included)", cases, result.Events, total);

            // What the background CaseStateRefreshJob then does: every case of the batch recomputed from its events.
            var caseState = new CaseStateStore(db);
            var editionId = (await protocol.GetEditionAsync(2025, ct)).Id;
            var refresh = await caseState.RefreshAsync(editionId, ct);
            Row($"case states refreshed after the import (background job; {refresh.Cases:N0} cases in {refresh.Slices} slices)", cases, (int)refresh.Events, refresh.Elapsed);

            watch.Restart();
            try
            {
                await import.RunAsync(file, 2025, ct);
                throw new InvalidOperationException("the same file was loaded twice");
            }
            catch (EventImportException)
            {
                Row("second import of the same file, refused (nothing written)", cases, result.Events, watch.Elapsed);
            }

            watch.Restart();
            var counts = await store.CountsByTypeAndDayAsync(2025, ct);
            Row($"events by type and day ({counts.Count:N0} cells)", cases, result.Events, watch.Elapsed);

            // The reminder of day 10 reaches the cases still open after a million events (the heavy step: one anti-join per case).
            var job = new ContactProtocolJob(protocol);
            watch.Restart();
            var steps = await job.RunAsync(2025, new DateOnly(2025, 3, 13), ct);
            Row($"protocol run, days 0 and 10 ({steps.Sum(s => s.Created):N0} communications)", cases, result.Events, watch.Elapsed);
            watch.Restart();
            await job.RunAsync(2025, new DateOnly(2025, 3, 13), ct);
            Row("the same run again (creates nothing)", cases, result.Events, watch.Elapsed);
            refresh = await caseState.RefreshAsync(editionId, ct);
            Row($"case states refreshed after the protocol run (background job; {refresh.Cases:N0} cases)", cases, (int)refresh.Events, refresh.Elapsed);
            return 0;
        }
        finally
        {
            File.Delete(file);
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
            await conn.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"drop database if exists \"{new NpgsqlConnectionStringBuilder(scratch).Database}\" with (force)", conn);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Events spread over the cases and the first 120 days of the season, types and modes at random (seeded).</summary>
    private static void WriteFile(string path, string[] caseIds, int count)
    {
        var random = new Random(2025);
        var start = new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.FromHours(1));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("case_id,event_type,event_time,mode,source\n");
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMinutes(random.Next(120 * 24 * 60));
            writer.Write(caseIds[random.Next(caseIds.Length)]);
            writer.Write(',');
            writer.Write(CaseEventTypes.All[random.Next(CaseEventTypes.All.Count)]);
            writer.Write(',');
            writer.Write(at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(FieldworkModes.All[random.Next(FieldworkModes.All.Count)]);
            writer.Write(",contractor-bench\n");
        }
    }

    private static void Row(string measure, int cases, int events, TimeSpan time) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {measure} | {cases:N0} | {events:N0} | {time.TotalSeconds:F2} s |"));
}
