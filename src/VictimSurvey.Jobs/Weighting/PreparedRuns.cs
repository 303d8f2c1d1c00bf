using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>A run's inputs read and weighted once, ready for its replicate chunks and its publication.</summary>
public sealed record PreparedRun(long RunId, WeightingSpec Spec, WeightingData Data, WeightingOutcome Weighting, PreparedEstimates? Estimates, string Report);

/// <summary>
/// Reads a run's files and redoes its full-sample weighting, and keeps the result for the run's next
/// chunks on this server (a chunk of 25 replicates costs about as much as this preparation, so doing it
/// once per server rather than once per chunk halves the run). The weighting is deterministic: every
/// server prepares the same numbers. Keeps the two most recent runs, and forgets a run once it has ended
/// (a national run's inputs hold several hundred megabytes).
/// </summary>
public sealed class PreparedRuns(WeightingRunStore runs)
{
    private readonly object gate = new();
    private readonly LinkedList<(long RunId, Lazy<Task<PreparedRun>> Prepared)> recent = new();

    public Task<PreparedRun> GetAsync(long runId, CancellationToken ct)
    {
        Lazy<Task<PreparedRun>> entry;
        lock (gate)
        {
            var node = recent.First;
            while (node is not null && node.Value.RunId != runId)
            {
                node = node.Next;
            }

            if (node is null)
            {
                // Not the caller's token: the preparation is shared by every chunk of the run on this server.
                node = recent.AddFirst((runId, new Lazy<Task<PreparedRun>>(() => Task.Run(() => PrepareAsync(runId, CancellationToken.None)))));
                while (recent.Count > 2)
                {
                    recent.RemoveLast();
                }
            }

            entry = node.Value.Prepared;
        }

        return entry.Value.WaitAsync(ct);
    }

    /// <summary>Forgets a run: after it failed to prepare (so that a retry reads it again), or once it has ended.</summary>
    public void Forget(long runId)
    {
        lock (gate)
        {
            for (var node = recent.First; node is not null; node = node.Next)
            {
                if (node.Value.RunId == runId)
                {
                    recent.Remove(node);
                    return;
                }
            }
        }
    }

    private async Task<PreparedRun> PrepareAsync(long runId, CancellationToken ct)
    {
        var run = await runs.GetAsync(runId, ct) ?? throw new WeightingRunException($"there is no weighting run {runId}");
        using var workspace = RunWorkspace.Write(run.SpecYaml, await runs.FilesAsync(runId, ct));
        var (spec, data) = workspace.Load(runId);
        var weighting = WeightingPipeline.Run(spec, data);
        var report = WeightingReport.Write(spec, weighting);
        var estimates = weighting.Succeeded && spec.Estimates is { } e ? EstimatesPipeline.Prepare(spec, e, data, weighting) : null;
        return new PreparedRun(runId, spec, data, weighting, estimates, report);
    }
}
