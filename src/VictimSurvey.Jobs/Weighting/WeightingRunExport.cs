using System.Globalization;
using System.IO.Compression;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// A succeeded run's results as the file commands write them: the weights as <c>victimsurvey weight</c>
/// writes them, the estimates as <c>victimsurvey estimate</c> does, and the input snapshot, so that the
/// run can be checked against (or redone by) the commands on files. Only succeeded runs: a failed or
/// running one has no results to give.
/// </summary>
public sealed class WeightingRunExport(WeightingRunStore runs, WeightingRunResultStore results)
{
    /// <returns>A line per file written, for the user.</returns>
    public async Task<IReadOnlyList<string>> WriteAsync(long runId, string? weightsPath, string? estimatesPath, string? snapshotPath, CancellationToken ct)
    {
        var run = await runs.GetAsync(runId, ct) ?? throw new WeightingRunException($"there is no weighting run {runId}");
        if (run.Status != RunStatus.Succeeded)
        {
            throw new WeightingRunException($"weighting run {runId} is {run.Status}: only a succeeded run has results to export");
        }

        if (weightsPath is null && estimatesPath is null && snapshotPath is null)
        {
            throw new WeightingRunException("nothing to export: give --weights, --estimates or --snapshot");
        }

        var written = new List<string>();
        if (weightsPath is not null)
        {
            var weights = await results.WeightsAsync(runId, ct);
            CsvWriter.WriteAtomically(weightsPath, FileWeighting.OutputHeader, weights.Select(w => (IReadOnlyList<string>)
                [w.UnitId, CsvWriter.Number(w.Weight), CsvWriter.Number(w.DesignWeight), CsvWriter.Number(w.NonresponseWeight), CsvWriter.Number(w.G)]));
            written.Add(string.Create(CultureInfo.InvariantCulture, $"Wrote {weights.Count:N0} weights to {weightsPath}."));
        }

        if (estimatesPath is not null)
        {
            var rows = await results.EstimatesAsync(runId, ct);
            WriteEstimatesCsv(estimatesPath, rows);
            written.Add(string.Create(CultureInfo.InvariantCulture, $"Wrote {rows.Count:N0} estimates to {estimatesPath}."));
        }

        if (snapshotPath is not null)
        {
            var snapshot = (await runs.FilesAsync(runId, ct)).Single(f => f.Name == RunWorkspace.SnapshotFileName);
            using var input = new GZipStream(new MemoryStream(snapshot.Content), CompressionMode.Decompress);
            var temporary = snapshotPath + ".tmp";
            await using (var output = File.Create(temporary))
            {
                await input.CopyToAsync(output, ct);
            }

            File.Move(temporary, snapshotPath, overwrite: true);
            written.Add($"Wrote the input snapshot of run {runId} to {snapshotPath}.");
        }

        return written;
    }

    /// <summary>Stored estimates as <c>victimsurvey estimate</c> writes them (invariant culture), atomically.</summary>
    /// <param name="blankSuppressed">
    /// For a publication (a release's download): the estimate, SE, interval, CV and design effect of a row
    /// flagged suppressed are left empty, as in the workbook and on the explorer; the base, weighted base
    /// and flag stay. A statistician's export of a run keeps every figure, with the flag saying what a
    /// publication must hide.
    /// </param>
    public static void WriteEstimatesCsv(string path, IReadOnlyList<StoredEstimate> rows, bool blankSuppressed = false) =>
        CsvWriter.WriteAtomically(path, FileEstimation.Header, rows.Select(r =>
        {
            var hidden = blankSuppressed && r.Flag == nameof(QualityFlag.Suppressed).ToLowerInvariant();
            string Figure(double value) => hidden ? "" : CsvWriter.Number(value);
            return (IReadOnlyList<string>)
            [
                CsvWriter.Text(r.Indicator), CsvWriter.Text(r.DomainVariable), CsvWriter.Text(r.Domain),
                Figure(r.Estimate), Figure(r.Se), Figure(r.CiLower), Figure(r.CiUpper),
                r.Cv is { } cv && !hidden ? CsvWriter.Number(cv) : "", r.N.ToString(CultureInfo.InvariantCulture), r.Flag,
                CsvWriter.Number(r.WeightedBase), r.Df.ToString(CultureInfo.InvariantCulture),
                r.Deff is { } deff && !hidden ? CsvWriter.Number(deff) : "", CsvWriter.Text(r.Label ?? ""),
            ];
        }));
}
