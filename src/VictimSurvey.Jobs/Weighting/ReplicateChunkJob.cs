using Hangfire;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Infrastructure;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// One chunk of a run's bootstrap replicates, on whichever server takes it: each replicate's weights
/// (re-adjusted for nonresponse and recalibrated) and point estimates, stored in one row. Replicate b
/// depends only on the spec's seed and b, so a chunk taken again after its server stopped stores the same
/// bytes. The job that stores the last chunk publishes the run.
/// </summary>
public sealed class ReplicateChunkJob(WeightingRunStore runs, WeightingRunResultStore results, PreparedRuns prepared)
{
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobQueues.Weighting)]
    public Task RunAsync(long runId, int chunkNumber, CancellationToken ct) =>
        RunFailure.EndRunOnErrorAsync(runs, prepared, runId, () => ComputeAsync(runId, chunkNumber, ct));

    private async Task ComputeAsync(long runId, int chunkNumber, CancellationToken ct)
    {
        var run = await runs.GetAsync(runId, ct);
        if (run is null || run.Status != RunStatus.Running)
        {
            prepared.Forget(runId); // a finished run's inputs need not stay in this server's memory
            return;
        }

        var first = chunkNumber * run.ChunkSize;
        var count = Math.Min(run.ChunkSize, run.Replicates - first);
        PreparedRun input;
        RunChunk chunk;
        try
        {
            input = await prepared.GetAsync(runId, ct);
            var units = input.Weighting.Weights.Count;
            var weights = new double[units * count];
            var estimates = input.Estimates!.ReplicateEstimates(first, count, (r, w) =>
            {
                for (var u = 0; u < units; u++)
                {
                    weights[(u * count) + r] = w[u];
                }
            });
            chunk = new RunChunk(chunkNumber, first, count, RunBlocks.Pack(estimates), RunBlocks.Pack([weights]));
        }
        catch (Exception ex) when (ex is EstimationException or WeightingException or WeightingRunException)
        {
            // Deterministic: every server would fail the same way, so the run ends here with the reason.
            await runs.FailAsync(runId, ex.Message, null, ct);
            prepared.Forget(runId);
            return;
        }

        var done = await results.SaveChunkAsync(runId, chunk, $"{Environment.MachineName}:{Environment.ProcessId}", ct);
        if (done == run.Chunks)
        {
            await RunFinish.PublishAsync(runs, results, input, await results.ChunkEstimatesAsync(runId, ct), ct);
            prepared.Forget(runId);
        }
    }
}
