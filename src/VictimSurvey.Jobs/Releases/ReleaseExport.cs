using VictimSurvey.Core.Estimation;
using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Exports;
using VictimSurvey.Jobs.Weighting;

namespace VictimSurvey.Jobs.Releases;

/// <summary>
/// A release's estimates written for one user: the CSV of <c>victimsurvey estimate</c> (invariant culture;
/// the figures of suppressed rows left empty, as in the workbook) or the estimates engine's Excel
/// workbook, chosen by the file's extension. The figures are read
/// through <see cref="ReleaseStore.FiguresAsync"/>, so the embargo holds and the download is audited;
/// nothing is written for a user who may not see the release.
/// </summary>
public sealed class ReleaseExport(ReleaseStore releases, WeightingRunStore runs)
{
    /// <param name="language">The workbook's language ("en" or "fr", <see cref="WorkbookText.For"/>); the CSV has none.</param>
    /// <returns>The number of estimates written, or null (and no file) when the release is not visible to the user.</returns>
    public async Task<int?> WriteAsync(long releaseId, string userName, string path, string access, CancellationToken ct, string language = WorkbookText.EnglishCode)
    {
        var excel = path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
        if (!excel && !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new ReleaseException($"{path}: the output must be a .csv or an .xlsx file");
        }

        var figures = await releases.FiguresAsync(releaseId, userName, access, ct);
        if (figures is null)
        {
            return null;
        }

        if (!excel)
        {
            WeightingRunExport.WriteEstimatesCsv(path, figures.Estimates, blankSuppressed: true);
            return figures.Estimates.Count;
        }

        var run = await runs.GetAsync(figures.Release.RunId, ct);
        using var workspace = RunWorkspace.Write(figures.SpecYaml, (await runs.FilesAsync(figures.Release.RunId, ct)).Where(f => f.Name != RunWorkspace.SnapshotFileName));
        var spec = WeightingSpecFile.Read(workspace.SpecPath);
        EstimatesWorkbook.Write(path, spec, spec.Estimates ?? throw new ReleaseException($"run {figures.Release.RunId}'s spec has no estimates section"),
            figures.Estimates.Select(ToRow).ToList(),
            ReleaseContext(figures.Release, run?.Label, run?.Respondents ?? 0, language));
        return figures.Estimates.Count;
    }

    private static WorkbookContext ReleaseContext(Release release, string? runLabel, int respondents, string language)
    {
        var french = WorkbookText.For(language) == WorkbookText.French;
        return french
            ? new WorkbookContext(
                $"Édition {release.EditionYear}, diffusion {release.Id} (calcul de pondération {release.RunId} : {runLabel})",
                $"spécification du calcul {release.RunId}", $"instantané du calcul {release.RunId}", respondents, DateTimeOffset.UtcNow, WorkbookText.FrenchCode)
            : new WorkbookContext(
                $"Edition {release.EditionYear}, release {release.Id} (weighting run {release.RunId}: {runLabel})",
                $"spec of weighting run {release.RunId}", $"snapshot of weighting run {release.RunId}", respondents, DateTimeOffset.UtcNow, WorkbookText.EnglishCode);
    }

    /// <summary>A stored row back as the engine's row (the CV is SE/|estimate| again, as stored).</summary>
    public static EstimateRow ToRow(StoredEstimate e) => new(
        e.Indicator, e.Label, e.DomainVariable, e.Domain,
        new Estimate(e.Estimate, e.Se, e.N, e.WeightedBase) { DesignEffect = e.Deff ?? double.NaN },
        new Interval(e.CiLower, e.CiUpper), e.Df,
        Enum.Parse<QualityFlag>(e.Flag, ignoreCase: true));
}
