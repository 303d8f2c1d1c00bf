using System.Globalization;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Data.Departments;
using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Weighting;

namespace VictimSurvey.Web.Estimates;

/// <summary>One estimate as the explorer shows it; <see cref="Change"/> when the previous edition has a comparable one.</summary>
public sealed record ExplorerRow(string Domain, string Name, double Estimate, double CiLower, double CiUpper, double? Cv, int N, string Flag, Change? Change)
{
    public bool Suppressed => Flag == "suppressed";
}

/// <summary>A release's figures read for one user, arranged for the explorer (no statistics in the page).</summary>
public sealed class ExplorerFigures(Release release, Release? previous, IReadOnlyList<StoredEstimate> current, IReadOnlyList<StoredEstimate> before,
    IReadOnlyDictionary<string, string> departmentNames)
{
    public const string DepartmentVariable = "department";

    public Release Release { get; } = release;

    /// <summary>The previous edition's release the change is measured against, if the user may see one.</summary>
    public Release? Previous { get; } = previous;

    /// <summary>Indicators in the engine's order, with their labels.</summary>
    public IReadOnlyList<(string Indicator, string Label)> Indicators { get; } = current
        .GroupBy(e => e.Indicator, StringComparer.Ordinal).Select(g => (g.Key, g.First().Label ?? g.Key)).ToList();

    /// <summary>
    /// Proportions and ratios are shown as percentages: an indicator whose every estimate and interval
    /// lies within [0, 1] (the stored rows do not carry the indicator's kind).
    /// </summary>
    public bool IsShare(string indicator) => EstimatesExplorer.IsShare(current.Where(e => e.Indicator == indicator));

    public ExplorerRow? National(string indicator) => Rows(indicator, DomainPartition.National).FirstOrDefault();

    public IReadOnlyList<ExplorerRow> Departments(string indicator) => Rows(indicator, DepartmentVariable);

    private List<ExplorerRow> Rows(string indicator, string variable) => current
        .Where(e => e.Indicator == indicator && e.DomainVariable == variable)
        .OrderBy(e => e.Domain, DomainOrder.Instance)
        .Select(e => new ExplorerRow(e.Domain, variable == DepartmentVariable && departmentNames.TryGetValue(e.Domain, out var name) ? name : e.Domain,
            e.Estimate, e.CiLower, e.CiUpper, e.Cv, e.N, e.Flag, ChangeOf(e)))
        .ToList();

    /// <summary>The change since the previous edition (independent samples, <see cref="YearOnYear"/>); none when either side is suppressed.</summary>
    private Change? ChangeOf(StoredEstimate e)
    {
        var old = before.FirstOrDefault(b => b.Indicator == e.Indicator && b.DomainVariable == e.DomainVariable && b.Domain == e.Domain);
        return old is null || old.Flag == "suppressed" || e.Flag == "suppressed"
            ? null
            : YearOnYear.Compare(new Estimate(old.Estimate, old.Se, old.N, old.WeightedBase), new Estimate(e.Estimate, e.Se, e.N, e.WeightedBase));
    }
}

/// <summary>
/// The explorer's reads. Every figure comes through <see cref="ReleaseStore"/> with the user's name, so
/// the embargo rule and the audit of views are those of the CLI and the downloads.
/// </summary>
public sealed class EstimatesExplorer(ReleaseStore releases, DepartmentStore departments)
{
    public Task<IReadOnlyList<Release>> VisibleAsync(string userName, CancellationToken ct) => releases.VisibleAsync(userName, ct);

    /// <summary>The release's figures and the previous edition's for the change; null when the user may not see the release.</summary>
    public async Task<ExplorerFigures?> LoadAsync(long releaseId, string userName, CancellationToken ct)
    {
        var figures = await releases.FiguresAsync(releaseId, userName, ReleaseAccess.View, ct);
        if (figures is null)
        {
            return null;
        }

        ReleaseFigures? previous = null;
        if (await releases.PreviousVisibleAsync(figures.Release.EditionYear, userName, ct) is { } previousId)
        {
            previous = await releases.FiguresAsync(previousId, userName, ReleaseAccess.View, ct);
        }

        var names = (await departments.ListAsync(ct)).ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal);
        return new ExplorerFigures(figures.Release, previous?.Release, figures.Estimates, previous?.Estimates ?? [], names);
    }

    /// <summary>
    /// Whether an indicator is a proportion or a ratio, shown as a percentage: every one of its estimates and
    /// intervals lies within [0, 1] (the stored rows do not carry the indicator's kind).
    /// </summary>
    public static bool IsShare(IEnumerable<StoredEstimate> estimatesOfOneIndicator) =>
        estimatesOfOneIndicator.All(e => e.CiLower >= 0 && e.CiUpper <= 1 && e.Estimate <= 1);

    public static string Format(double value, bool share) =>
        share ? value.ToString("P1", CultureInfo.CurrentCulture) : value.ToString("N2", CultureInfo.CurrentCulture);
}
