using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Infrastructure;
using VictimSurvey.Jobs.Weighting;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey bench run</c>: full weighting runs of a seeded edition on the database of --db /
/// VICTIMSURVEY_DB (after <c>./run.sh</c>: the demo's 2024), from launch to results, with a job server in
/// this process as <c>runs launch --wait</c> has. Each run is timed from the call of the launcher (the
/// snapshot from the database, the check, the stored run) to the stored results, and split with the run's
/// and chunks' timestamps. The runs stay in the database (created by "bench"), unapproved.
/// </summary>
internal static class RunBench
{
    public const string CreatedBy = "bench";

    public static Command Create()
    {
        var edition = new Option<int>("--edition") { Description = "the seeded edition's year", DefaultValueFactory = _ => 2024 };
        var spec = new Option<FileInfo>("--spec") { Description = "the weighting spec with its estimates section", DefaultValueFactory = _ => new FileInfo(Path.Combine("weighting-specs", "vrs-2024.yaml")) };
        var runs = new Option<int>("--runs") { Description = "runs, one after the other", DefaultValueFactory = _ => 3 };
        var command = new Command("run", "Weighting runs of a seeded edition (default: the demo's 2024, 500 replicates, 30 indicators × 102 domains) from launch to results.") { edition, spec, runs };
        command.SetAction((parse, ct) => CommonOptions.Guard(() =>
            RunAsync(CommonOptions.ConnectionString(parse), parse.GetValue(edition), parse.GetValue(spec)!.FullName, Math.Max(1, parse.GetValue(runs)), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string connectionString, int year, string specPath, int count, CancellationToken ct)
    {
        await Migrator.MigrateAsync(connectionString, null, ct);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddVictimSurveyJobs(connectionString);
        builder.Services.AddVictimSurveyJobServer($"bench:{Environment.MachineName}:{Environment.ProcessId}", [JobQueues.Weighting]);
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var launcher = host.Services.GetRequiredService<WeightingRunLauncher>();
            var store = host.Services.GetRequiredService<WeightingRunStore>();
            Console.WriteLine(BenchMachine.Line());
            Console.WriteLine();
            Console.WriteLine("| run | respondents | replicates × estimates | launch (snapshot, check, store) | queued | weighting and linearization | replicates | publish and save | launch to results | peak working set |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (var k = 0; k < count; k++)
            {
                var watch = Stopwatch.StartNew();
                var (runId, _) = await launcher.LaunchFromFilesAsync(year, specPath, dataPath: null, CreatedBy, ct);
                var launched = watch.Elapsed;
                WeightingRun run;
                while (!RunStatus.IsFinal((run = await store.GetAsync(runId, ct) ?? throw new CliException($"run {runId} disappeared")).Status))
                {
                    await Task.Delay(100, ct);
                }

                var total = watch.Elapsed;
                if (run.Status != RunStatus.Succeeded)
                {
                    throw new CliException($"weighting run {runId} ended {run.Status}: {run.Failure}");
                }

                var t = await TimesAsync(connectionString, runId, ct);
                var estimates = await host.Services.GetRequiredService<WeightingRunResultStore>().EstimatesAsync(runId, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {runId} | {run.Respondents:N0} | {run.Replicates} × {estimates.Count:N0} | {launched.TotalSeconds:F1} s | {(t.Started - t.Created).TotalSeconds:F1} s | {(t.FirstChunk - t.Started).TotalSeconds:F1} s (to the first chunk) | {(t.LastChunk - t.FirstChunk).TotalSeconds:F1} s (after the first chunk) | {(t.Finished - t.LastChunk).TotalSeconds:F1} s | **{total.TotalSeconds:F1} s** | {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB |"));
            }

            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private sealed record RunTimes(DateTime Created, DateTime Started, DateTime FirstChunk, DateTime LastChunk, DateTime Finished);

    private static async Task<RunTimes> TimesAsync(string connectionString, long runId, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        return await conn.QuerySingleAsync<RunTimes>(new CommandDefinition(
            """
            select r.created_at as created, r.started_at as started,
                   coalesce(min(c.computed_at), r.finished_at) as firstchunk, coalesce(max(c.computed_at), r.finished_at) as lastchunk,
                   r.finished_at as finished
            from weighting_run r left join weighting_run_chunk c on c.run_id = r.id
            where r.id = @runId
            group by r.id
            """, new { runId }, cancellationToken: ct));
    }
}
