using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VictimSurvey.Data;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Infrastructure;
using VictimSurvey.Jobs.Weighting;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey runs launch|list|show|approve|export</c>: weighting runs in the database, run by the job
/// servers (the back office, <c>victimsurvey worker</c>, or this command with <c>--wait</c>).
/// </summary>
internal static class RunCommands
{
    public static Command Create()
    {
        var runs = new Command("runs", "Weighting runs of an edition: launch one, follow it, approve it, export its results.");
        runs.Add(Launch());
        runs.Add(List());
        runs.Add(Show());
        runs.Add(Approve());
        runs.Add(Export());
        return runs;
    }

    private static Argument<long> RunIdArgument() => new("RUN") { Description = "the run's number (see runs list)" };

    private static Command Launch()
    {
        var edition = new Option<int>("--edition") { Description = "the edition's year", Required = true };
        var spec = new Option<FileInfo>("--spec") { Description = "the weighting spec (YAML) with an estimates section; its margins file is stored with the run", Required = true };
        var data = new Option<FileInfo?>("--data")
        {
            Description = "the input as a CSV, as `victimsurvey estimate` takes it (default: the edition's snapshot from the database: sample, dispositions, derived variables of the answers)",
        };
        var chunk = new Option<int>("--chunk-size") { Description = "bootstrap replicates per job", DefaultValueFactory = _ => WeightingRunLauncher.DefaultChunkSize };
        var wait = new Option<bool>("--wait") { Description = "run a job server in this process until the run ends, printing its progress" };
        var command = new Command("launch", "Store a run (spec, margins, snapshot) and enqueue it for the job servers.") { edition, spec, data, chunk, wait };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            var connectionString = CommonOptions.ConnectionString(parse);
            await Migrator.MigrateAsync(connectionString, null, ct);
            var builder = Host.CreateApplicationBuilder();
            // The job server's start-up and shutdown lines would drown the run's progress.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddVictimSurveyJobs(connectionString);
            if (parse.GetValue(wait))
            {
                builder.Services.AddVictimSurveyJobServer($"cli:{Environment.MachineName}:{Environment.ProcessId}", [JobQueues.Weighting]);
            }

            using var host = builder.Build();
            await host.StartAsync(ct);
            try
            {
                var (runId, snapshot) = await Launched(() => host.Services.GetRequiredService<WeightingRunLauncher>().LaunchFromFilesAsync(
                    parse.GetValue(edition), parse.GetValue(spec)!.FullName, parse.GetValue(data)?.FullName, Environment.UserName, ct, parse.GetValue(chunk)));
                if (snapshot is not null)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Snapshot of edition {parse.GetValue(edition)}: {snapshot.Persons:N0} persons, {snapshot.Eligible:N0} eligible, {snapshot.Respondents:N0} respondents; {snapshot.CompletesWithoutResponse:N0} completes without stored answers, {snapshot.InvalidResponses:N0} answer sets with problems, {snapshot.MissingDerivedValues:N0} missing derived values."));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Launched weighting run {runId} of edition {parse.GetValue(edition)}."));
                return parse.GetValue(wait) ? await FollowAsync(host.Services.GetRequiredService<WeightingRunStore>(), runId, ct) : 0;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }));
        return command;
    }

    private static async Task<T> Launched<T>(Func<Task<T>> launch)
    {
        try
        {
            return await launch();
        }
        catch (Exception ex) when (ex is WeightingRunException or InputFileException or Core.Weighting.WeightingException)
        {
            throw new CliException(ex.Message + " Nothing was launched.");
        }
    }

    /// <summary>The shared guard, plus a run that cannot be found, approved or exported: its reason on stderr, exit code 1.</summary>
    private static Task<int> Guard(Func<Task<int>> body) => CommonOptions.Guard(async () =>
    {
        try
        {
            return await body();
        }
        catch (WeightingRunException ex)
        {
            throw new CliException(ex.Message);
        }
    });

    /// <summary>Prints each change of stage (and chunk count) until the run ends; exit code 0 only if it succeeded.</summary>
    private static async Task<int> FollowAsync(WeightingRunStore runs, long runId, CancellationToken ct)
    {
        var last = "";
        while (true)
        {
            var run = await runs.GetAsync(runId, ct) ?? throw new CliException($"weighting run {runId} disappeared");
            var line = Progress(run);
            if (line != last)
            {
                Console.WriteLine(line);
                last = line;
            }

            if (RunStatus.IsFinal(run.Status))
            {
                if (run.Status == RunStatus.Failed)
                {
                    await Console.Error.WriteLineAsync($"error: weighting run {runId} failed: {run.Failure}");
                }

                return run.Status == RunStatus.Succeeded ? 0 : 1;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        }
    }

    private static string Progress(WeightingRun run) => run.Stage == RunStage.Replicates && RunStatus.IsFinal(run.Status) is false
        ? string.Create(CultureInfo.InvariantCulture, $"  {run.Status}: replicates, {run.ChunksDone}/{run.Chunks} chunks of {run.ChunkSize}")
        : $"  {run.Status}: {run.Stage}";

    private static Command List()
    {
        var edition = new Option<int>("--edition") { Description = "the edition's year", Required = true };
        var command = new Command("list", "The edition's runs, newest first; * marks the approved one.") { edition };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var runs = await services.GetRequiredService<WeightingRunStore>().ListAsync(parse.GetValue(edition), ct);
            Console.WriteLine("run\tstatus\tstage\trespondents\treplicates\tlabel\tcreated_by\tcreated_at");
            foreach (var r in runs)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id}{(r.Approved ? "*" : "")}\t{r.Status}\t{r.Stage}\t{r.Respondents}\t{r.Replicates}\t{r.Label}\t{r.CreatedBy}\t{r.CreatedAt:yyyy-MM-dd HH:mm:ss}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = RunIdArgument();
        var command = new Command("show", "A run's status, progress, failure and engine report.") { id };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var run = await services.GetRequiredService<WeightingRunStore>().GetAsync(parse.GetValue(id), ct)
                ?? throw new CliException($"there is no weighting run {parse.GetValue(id)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run {run.Id} of edition {run.EditionYear} ({run.Label}){(run.Approved ? ", approved" : "")}"));
            Console.WriteLine(Progress(run));
            if (run.Failure is not null)
            {
                Console.WriteLine("Failure: " + run.Failure);
            }

            if (run.Report is not null)
            {
                Console.WriteLine();
                Console.Write(run.Report);
            }

            return 0;
        }));
        return command;
    }

    private static Command Approve()
    {
        var id = RunIdArgument();
        var command = new Command("approve", "Make a succeeded run the edition's weights in force.") { id };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            await services.GetRequiredService<WeightingRunStore>().ApproveAsync(parse.GetValue(id), Environment.UserName, ct);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run {parse.GetValue(id)} approved."));
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var id = RunIdArgument();
        var weights = new Option<FileInfo?>("--weights") { Description = "write the weights CSV (as `victimsurvey weight` writes it)" };
        var estimates = new Option<FileInfo?>("--estimates") { Description = "write the estimates CSV (as `victimsurvey estimate` writes it)" };
        var snapshot = new Option<FileInfo?>("--snapshot") { Description = "write the input snapshot CSV the run weighted" };
        var command = new Command("export", "Write a succeeded run's weights, estimates or input snapshot.") { id, weights, estimates, snapshot };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var exported = await services.GetRequiredService<WeightingRunExport>().WriteAsync(
                parse.GetValue(id), parse.GetValue(weights)?.FullName, parse.GetValue(estimates)?.FullName, parse.GetValue(snapshot)?.FullName, ct);
            foreach (var line in exported)
            {
                Console.WriteLine(line);
            }

            return 0;
        }));
        return command;
    }

    private static ServiceProvider Services(ParseResult parse)
    {
        var services = new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse));
        services.AddSingleton<WeightingRunExport>();
        return services.BuildServiceProvider();
    }
}
