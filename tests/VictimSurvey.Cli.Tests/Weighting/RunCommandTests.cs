using System.Diagnostics;
using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Weighting;

/// <summary>
/// Weighting runs in the database, run by real Hangfire servers on the test database: the results equal
/// those of the file commands on the same files, a run that cannot converge ends failed and leaves the
/// approved run in force, and a run survives the loss of the server computing its replicates.
/// Data: the estimation reference sample (3,500 respondents, raking on department, sex and age group).
/// </summary>
public sealed class RunCommandTests : ScratchFolder
{
    private static readonly string Sample = Path.Combine(EstimationReference, "sample.csv");

    public RunCommandTests()
        : base(Path.Combine(EstimationReference, "margins.csv"))
    {
    }

    private string Spec(string name, int replicates, string calibration = "method: raking")
    {
        var path = Path.Combine(Folder, name + ".yaml");
        File.WriteAllText(path, $"""
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
            calibration:
              {calibration}
              margins: margins.csv
            estimates:
              variance: bootstrap
              replicates: {replicates}
              seed: 2024
              domains: [department]
              indicators:
                - name: victim_insult
                  proportion: victim_insult
                - name: theft_reporting
                  ratio: {"{"} numerator: complaint_theft, denominator: victim_theft {"}"}
            """);
        return path;
    }

    private static async Task<CliResult> RunAsync(TestDatabase database, params string[] arguments) =>
        await CliRunner.RunAsync(database.ConnectionString, null, arguments);

    private static async Task CreateEditionAsync(TestDatabase database)
    {
        var draw = await RunAsync(database, "sample", "draw", "--edition", "2024", "--size", "2000", "--min", "10");
        Assert.True(draw.ExitCode == 0, draw.Error);
    }

    [DatabaseFact]
    public async Task A_run_gives_the_weights_and_estimates_of_the_file_commands_and_can_be_approved()
    {
        await using var database = await TestDatabase.CreateAsync();
        await CreateEditionAsync(database);
        var spec = Spec("bootstrap", replicates: 30);

        var launch = await RunAsync(database, "runs", "launch", "--edition", "2024", "--spec", spec, "--data", Sample, "--chunk-size", "7", "--wait");
        Assert.True(launch.ExitCode == 0, launch.Output + launch.Error);
        Assert.Contains("Launched weighting run 1 of edition 2024.", launch.Output, StringComparison.Ordinal);
        Assert.Contains("running: replicates", launch.Output, StringComparison.Ordinal);
        Assert.Contains("succeeded: done", launch.Output, StringComparison.Ordinal);

        var export = await RunAsync(database, "runs", "export", "1", "--weights", Path.Combine(Folder, "run-weights.csv"), "--estimates", Path.Combine(Folder, "run-estimates.csv"));
        Assert.True(export.ExitCode == 0, export.Error);
        var weight = await RunAsync(database, "weight", "--spec", spec, "--data", Sample, "--out", Path.Combine(Folder, "weights.csv"));
        var estimate = await RunAsync(database, "estimate", "--spec", spec, "--data", Sample, "--out", Path.Combine(Folder, "estimates.csv"));
        Assert.True(weight.ExitCode == 0 && estimate.ExitCode == 0, weight.Error + estimate.Error);

        // Byte for byte: every weight, estimate, bootstrap SE and interval to the last digit.
        Assert.Equal(File.ReadAllText(Path.Combine(Folder, "weights.csv")), File.ReadAllText(Path.Combine(Folder, "run-weights.csv")));
        var expected = File.ReadAllText(Path.Combine(Folder, "estimates.csv"));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(Folder, "run-estimates.csv")));
        Assert.Equal(2 * 11 + 1, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // 2 indicators × (national + 10 departments), header

        var approve = await RunAsync(database, "runs", "approve", "1");
        Assert.True(approve.ExitCode == 0, approve.Error);
        var list = await RunAsync(database, "runs", "list", "--edition", "2024");
        Assert.Contains("1*\tsucceeded\tdone\t3500\t30\tbootstrap.yaml", list.Output, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_run_that_cannot_converge_ends_failed_with_its_diagnostic_and_the_approved_run_stays_in_force()
    {
        await using var database = await TestDatabase.CreateAsync();
        await CreateEditionAsync(database);
        var good = await RunAsync(database, "runs", "launch", "--edition", "2024", "--spec", Spec("good", 4), "--data", Sample, "--chunk-size", "2", "--wait");
        Assert.True(good.ExitCode == 0, good.Error);
        Assert.Equal(0, (await RunAsync(database, "runs", "approve", "1")).ExitCode);

        // g must stay within [0.99, 1.01] while the sex margin needs about 0.96 for women: no solution.
        var bad = await RunAsync(database, "runs", "launch", "--edition", "2024", "--spec", Spec("too-tight", 4, "method: logit\n  bounds: [0.99, 1.01]"),
            "--data", Sample, "--wait");

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("weighting run 2 failed:", bad.Error, StringComparison.Ordinal);
        var show = await RunAsync(database, "runs", "show", "2");
        Assert.Contains("failed: weighting", show.Output, StringComparison.Ordinal);
        Assert.Contains("Failure:", show.Output, StringComparison.Ordinal);
        Assert.Contains("# Weighting report", show.Output, StringComparison.Ordinal);

        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select approved_run_id from edition where year = 2024"));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from weighting_run_weight where run_id = 2"));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from weighting_run_estimate where run_id = 2"));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from weighting_run_chunk where run_id = 2"));
        // The failed weighting's diagnostics are kept for the Weighting page: not converged, its trace and its margins.
        var failed = VictimSurvey.Jobs.Weighting.RunDiagnosticsJson.Parse(await conn.ExecuteScalarAsync<string>("select diagnostics::text from weighting_run where id = 2"));
        Assert.NotNull(failed);
        Assert.False(failed.Converged);
        Assert.NotEmpty(failed.Trace);
        Assert.NotEmpty(failed.Margins);
        Assert.Equal(failed.Respondents, failed.GHistogram.Sum(b => b.Count));
        var succeeded = VictimSurvey.Jobs.Weighting.RunDiagnosticsJson.Parse(await conn.ExecuteScalarAsync<string>("select diagnostics::text from weighting_run where id = 1"));
        Assert.True(succeeded?.Converged);
        var refused = await RunAsync(database, "runs", "approve", "2");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("weighting run 2 is failed: only a succeeded run can be approved", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select approved_run_id from edition where year = 2024"));
    }

    [DatabaseFact]
    public async Task A_launch_with_bad_input_is_refused_and_stores_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await CreateEditionAsync(database);
        var noEstimates = Path.Combine(Folder, "no-estimates.yaml");
        File.WriteAllText(noEstimates, "input:\n  id: id\n  design_weight: design_weight\n");
        var broken = Path.Combine(Folder, "broken.csv");
        File.WriteAllText(broken, "id,design_weight\n1,abc\n");

        var withoutEstimates = await RunAsync(database, "runs", "launch", "--edition", "2024", "--spec", noEstimates, "--data", Sample);
        var unknownEdition = await RunAsync(database, "runs", "launch", "--edition", "1999", "--spec", Spec("ok", 2), "--data", Sample);
        var missingColumn = await RunAsync(database, "runs", "launch", "--edition", "2024", "--spec", Spec("ok2", 2), "--data", broken);

        Assert.Equal(1, withoutEstimates.ExitCode);
        Assert.Contains("no 'estimates' section", withoutEstimates.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknownEdition.ExitCode);
        Assert.Contains("there is no edition 1999", unknownEdition.Error, StringComparison.Ordinal);
        Assert.Equal(1, missingColumn.ExitCode);
        Assert.Contains("Nothing was launched.", missingColumn.Error, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from weighting_run"));
    }

    [DatabaseFact]
    public async Task A_run_survives_the_loss_of_its_server_during_the_replicates_with_the_results_of_an_uninterrupted_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        await CreateEditionAsync(database);
        var spec = Spec("bootstrap", replicates: 240);
        var estimate = await RunAsync(database, "estimate", "--spec", spec, "--data", Sample, "--out", Path.Combine(Folder, "estimates.csv"));
        Assert.True(estimate.ExitCode == 0, estimate.Error);

        // Enqueued only: no server yet.
        var launch = await RunAsync(database, "runs", "launch", "--edition", "2024", "--spec", spec, "--data", Sample, "--chunk-size", "3");
        Assert.True(launch.ExitCode == 0, launch.Error);
        await using var conn = new NpgsqlConnection(database.ConnectionString);

        var first = StartWorker(database);
        try
        {
            // Killed as soon as some replicates are in but not all: mid-run, in the middle of a chunk.
            var chunks = await WaitForAsync(conn, "select count(*) from weighting_run_chunk where run_id = 1", n => n >= 3, first);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            Assert.InRange(chunks, 3, 79);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
        }

        var second = StartWorker(database);
        try
        {
            await WaitForAsync(conn, "select count(*) from weighting_run where id = 1 and status in ('succeeded', 'failed')", n => n == 1, second, seconds: 240);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Assert.Equal("succeeded", await conn.ExecuteScalarAsync<string>("select status from weighting_run where id = 1"));
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("select count(distinct computed_by) from weighting_run_chunk where run_id = 1"));
        var export = await RunAsync(database, "runs", "export", "1", "--estimates", Path.Combine(Folder, "run-estimates.csv"));
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(Folder, "estimates.csv")), File.ReadAllText(Path.Combine(Folder, "run-estimates.csv")));
    }

    /// <summary>A worker on the weighting queue whose dead jobs come back after 10 s (not the 5 minutes of production).</summary>
    private static Process StartWorker(TestDatabase database)
    {
        var start = CliRunner.StartInfo(database.ConnectionString, "worker", "--queue", "weighting", "--workers", "1");
        start.Environment["VICTIMSURVEY_JOB_TAKEOVER_SECONDS"] = "10";
        var worker = Process.Start(start)!;
        worker.OutputDataReceived += (_, _) => { };
        worker.ErrorDataReceived += (_, _) => { };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        return worker;
    }

    private static async Task<long> WaitForAsync(NpgsqlConnection conn, string countQuery, Func<long, bool> done, Process worker, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(worker.HasExited, "the worker exited");
            var n = await conn.ExecuteScalarAsync<long>(countQuery);
            if (done(n))
            {
                return n;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"still waiting after {seconds} s for: {countQuery}");
    }
}
