using System.Globalization;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Weighting;

namespace VictimSurvey.Jobs.Seeding;

/// <summary>
/// The end of the demo: an edition weighted by its own spec (a weighting run like any other, on the
/// edition's snapshot, taken by the job servers of the database), the run approved, and released with a
/// publication date-time in the past, so that a new user finds published estimates on /estimates right
/// away. Needs a job server taking the weighting queue: <c>victimsurvey demo seed</c> runs one in its
/// own process while it seeds.
/// </summary>
public sealed class DemoRelease(EditionStore editions, WeightingRunLauncher launcher, WeightingRunStore runs, ReleaseStore releases)
{
    /// <summary>The demo's publication of the 2024 estimates (VRS results come out late in the following year).</summary>
    public static readonly DateTimeOffset PublicationAt = new(2025, 12, 4, 10, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Who launched, approved and released, in the runs list and the audit log.</summary>
    public const string SeededBy = "demo-seed";

    /// <summary>A run that takes longer than this has no job server to run it (or a broken one): the seed stops with an error.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(20);

    public sealed record Result(long RunId, int Respondents, long ReleaseId);

    public async Task<Result> RunAsync(int editionYear, CancellationToken ct)
    {
        var edition = await editions.GetAsync(editionYear, ct) ?? throw new WeightingRunException($"there is no edition {editionYear}");
        var spec = EditionSpecFiles.Locate(edition.WeightingSpecPath)
            ?? throw new WeightingRunException($"edition {editionYear}: its weighting spec '{edition.WeightingSpecPath}' was not found (looked in the working folder, its parents and beside the program)");
        var (runId, _) = await launcher.LaunchFromFilesAsync(editionYear, spec, dataPath: null, SeededBy, ct);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        WeightingRun run;
        while (!RunStatus.IsFinal((run = await runs.GetAsync(runId, ct) ?? throw new WeightingRunException($"weighting run {runId} disappeared")).Status))
        {
            if (waited.Elapsed > MaxWait)
            {
                throw new WeightingRunException(string.Create(CultureInfo.InvariantCulture,
                    $"weighting run {runId} is still {run.Status} ({run.Stage}) after {MaxWait.TotalMinutes} minutes: is a job server taking the weighting queue?"));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        if (run.Status != RunStatus.Succeeded)
        {
            throw new WeightingRunException($"the demo's weighting run {runId} of edition {editionYear} ended {run.Status}: {run.Failure}");
        }

        await runs.ApproveAsync(runId, SeededBy, ct);
        var release = await releases.CreateAsync(editionYear, PublicationAt, [], SeededBy, ct);
        return new Result(runId, run.Respondents ?? 0, release.Id);
    }
}
