using Hangfire;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Variance;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Infrastructure;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// The first job of a weighting run: reads the run's spec and snapshot, weights the full sample, and
/// either ends the run (failed with the engine's diagnostic, or succeeded when the spec needs no
/// replicates) or enqueues one <see cref="ReplicateChunkJob"/> per chunk on the weighting queue, which
/// every job server of the database takes from. Taken again after a server stopped, it does the same
/// again: chunks already stored are not enqueued twice, and the rest compute the same bytes.
/// </summary>
public sealed class WeightingRunJob(WeightingRunStore runs, WeightingRunResultStore results, PreparedRuns prepared, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobQueues.Weighting)]
    public Task RunAsync(long runId, CancellationToken ct) => RunFailure.EndRunOnErrorAsync(runs, prepared, runId, () => StartAsync(runId, ct));

    private async Task StartAsync(long runId, CancellationToken ct)
    {
        if (!await runs.StartAsync(runId, ct))
        {
            return;
        }

        await runs.SetStageAsync(runId, RunStage.Weighting, ct);
        PreparedRun run;
        try
        {
            run = await prepared.GetAsync(runId, ct);
        }
        catch (Exception ex) when (ex is WeightingRunException or EstimationException or Core.Weighting.WeightingException)
        {
            prepared.Forget(runId);
            await runs.FailAsync(runId, ex.Message, null, ct);
            return;
        }

        await runs.SetStageAsync(runId, RunStage.Weighting, ct, run.Weighting.Respondents);
        if (!run.Weighting.Succeeded || run.Estimates is null)
        {
            var failure = run.Weighting.Calibration?.Failure ?? "the weighting did not converge";
            // The diagnostics of the weighting that failed (trace, margins, g…) are what the statistician reads to fix the spec.
            var diagnostics = run.Weighting.Calibration is null ? null : RunDiagnosticsJson.Of(run);
            await runs.FailAsync(runId, run.Estimates is null && run.Weighting.Succeeded ? "the spec has no estimates section" : failure, run.Report, ct, diagnostics);
            prepared.Forget(runId);
            return;
        }

        var current = await runs.GetAsync(runId, ct);
        if (current is null || current.Chunks == 0)
        {
            await RunFinish.PublishAsync(runs, results, run, [], ct);
            prepared.Forget(runId);
            return;
        }

        await runs.SetStageAsync(runId, RunStage.Replicates, ct);
        var stored = (await results.ChunkEstimatesAsync(runId, ct)).Select(c => c.ChunkNumber).ToHashSet();
        for (var chunk = 0; chunk < current.Chunks; chunk++)
        {
            if (!stored.Contains(chunk))
            {
                var number = chunk;
                jobs.Enqueue<ReplicateChunkJob>(JobQueues.Weighting, job => job.RunAsync(runId, number, CancellationToken.None));
            }
        }

        if (stored.Count == current.Chunks)
        {
            await RunFinish.PublishAsync(runs, results, run, await results.ChunkEstimatesAsync(runId, ct), ct);
            prepared.Forget(runId);
        }
    }
}

/// <summary>
/// An error no step expects (the database gone, a full disk, a bug) would leave the run "running" with no
/// job left to end it, and whoever waits for it waiting forever: the run ends failed with the error, and
/// the job fails in Hangfire too (its dashboard shows the stack). A stopping server (cancellation) is not
/// an error: Hangfire gives the job to another server.
/// </summary>
public static class RunFailure
{
    public static async Task EndRunOnErrorAsync(WeightingRunStore runs, PreparedRuns prepared, long runId, Func<Task> job)
    {
        try
        {
            await job();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            prepared.Forget(runId);
            try
            {
                await runs.FailAsync(runId, $"unexpected error in a job of the run ({ex.GetType().Name}): {ex.Message}", null, CancellationToken.None);
            }
            catch (Exception inner) when (inner is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database itself is the problem: the job's failure stays in Hangfire's dashboard.
            }

            throw;
        }
    }
}

/// <summary>The end of a run: the replicates put together in replicate order, the rows published, everything saved at once.</summary>
public static class RunFinish
{
    public static async Task PublishAsync(WeightingRunStore runs, WeightingRunResultStore results, PreparedRun run, IReadOnlyList<RunChunk> chunks, CancellationToken ct)
    {
        await runs.SetStageAsync(run.RunId, RunStage.Estimates, ct);
        IReadOnlyList<EstimateRow> rows;
        try
        {
            var replicates = chunks.OrderBy(c => c.FirstReplicate).SelectMany(c => RunBlocks.Unpack(c.Estimates, c.ReplicateCount)).ToList();
            rows = run.Estimates!.Publish(replicates.Count == 0 ? null : replicates);
        }
        catch (EstimationException ex)
        {
            await runs.FailAsync(run.RunId, ex.Message, run.Report, ct, RunDiagnosticsJson.Of(run));
            return;
        }

        await runs.SetStageAsync(run.RunId, RunStage.Save, ct);
        var weights = run.Weighting.Weights.Select((w, u) => new RunWeight(u, w.Id, w.Weight, w.DesignWeight, w.NonresponseWeight, w.G)).ToList();
        await results.SucceedAsync(run.RunId, weights, rows, run.Report, RunDiagnosticsJson.Of(run), ct);
    }
}
