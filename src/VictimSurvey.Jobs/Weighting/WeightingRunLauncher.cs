using Hangfire;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Infrastructure;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// Launches a weighting run: reads the spec, its margin files and the input snapshot exactly as the run
/// will read them and checks the input columns of the weighting (so a launch that is accepted does not
/// fail on a missing or malformed column of its weighting later), stores them with the run, and enqueues
/// its first job. Nothing is stored when the check fails.
/// </summary>
public sealed class WeightingRunLauncher(WeightingRunStore runs, EditionSnapshot snapshots, IBackgroundJobClient jobs)
{
    /// <summary>Replicates per chunk job: 500 replicates make 20 jobs, enough to keep several servers busy.</summary>
    public const int DefaultChunkSize = 25;

    public async Task<long> LaunchAsync(int editionYear, string label, string specYaml, IReadOnlyList<RunFile> marginFiles, byte[] snapshotCsv,
        string createdBy, CancellationToken ct, int chunkSize = DefaultChunkSize)
    {
        if (chunkSize < 1)
        {
            throw new WeightingRunException("the chunk size must be at least 1 replicate");
        }

        var files = marginFiles.Append(new RunFile(RunWorkspace.SnapshotFileName, RunWorkspace.Gzip(snapshotCsv), Gzip: true)).ToList();
        var replicates = Check(specYaml, files);
        var runId = await runs.CreateAsync(editionYear, label, specYaml, replicates, replicates == 0 ? 0 : chunkSize, files, createdBy, ct);
        jobs.Enqueue<WeightingRunJob>(JobQueues.Weighting, job => job.RunAsync(runId, CancellationToken.None));
        return runId;
    }

    /// <summary>
    /// Checks a spec, its margin files and a snapshot as <see cref="LaunchAsync"/> does, storing nothing;
    /// throws <see cref="WeightingRunException"/> with the clear error (file, row, field) when they would not run.
    /// Returns the bootstrap replicates the run would compute (0 for linearization).
    /// </summary>
    public static int Check(string specYaml, IReadOnlyList<RunFile> marginFiles, byte[] snapshotCsv) =>
        Check(specYaml, marginFiles.Append(new RunFile(RunWorkspace.SnapshotFileName, RunWorkspace.Gzip(snapshotCsv), Gzip: true)).ToList());

    private static int Check(string specYaml, IReadOnlyList<RunFile> files)
    {
        using var workspace = RunWorkspace.Write(specYaml, files);
        var (spec, data) = workspace.Load(runId: null);
        try
        {
            // Reads and checks every input column the weighting uses (the numbers are computed by the run).
            Core.Weighting.WeightingPipeline.Prepare(spec, data);
        }
        catch (Core.Weighting.WeightingException ex)
        {
            throw new WeightingRunException(workspace.Describe(ex.Message));
        }

        var estimates = spec.Estimates ?? throw new WeightingRunException("spec.yaml: no 'estimates' section (indicators, domains…): a run publishes estimates.");
        return estimates.Variance == VarianceMethod.Bootstrap ? estimates.Replicates : 0;
    }

    /// <summary>
    /// A run of a spec file on a data file, as <c>victimsurvey estimate</c> takes them, or, without a data
    /// file, on the edition's snapshot taken from the database now (<see cref="EditionSnapshot"/>).
    /// </summary>
    public async Task<(long RunId, SnapshotSummary? Snapshot)> LaunchFromFilesAsync(int editionYear, string specPath, string? dataPath, string createdBy,
        CancellationToken ct, int chunkSize = DefaultChunkSize)
    {
        var spec = WeightingSpecFile.Read(specPath);
        var margins = new List<RunFile>();
        if (spec.Calibration?.MarginsSource is { } marginsPath)
        {
            var name = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(specPath))!, marginsPath);
            margins.Add(new RunFile(name, await File.ReadAllBytesAsync(marginsPath, ct), Gzip: false));
        }

        var (data, summary) = dataPath is null ? await snapshots.BuildAsync(editionYear, ct) : (await File.ReadAllBytesAsync(dataPath, ct), null);
        var runId = await LaunchAsync(editionYear, Path.GetFileName(specPath), await File.ReadAllTextAsync(specPath, ct), margins, data, createdBy, ct, chunkSize);
        return (runId, summary);
    }
}
