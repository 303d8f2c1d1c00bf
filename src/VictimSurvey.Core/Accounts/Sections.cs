namespace VictimSurvey.Core.Accounts;

/// <summary>
/// Who may open each section of the back office. The constants are comma-separated role lists so
/// that pages can use them directly in <c>[Authorize(Roles = Sections.Weighting)]</c>, and the
/// navigation menu shows a section exactly when <see cref="IsAllowed"/> says so: one table decides both.
/// </summary>
/// <remarks>
/// Least privilege: personal contact data lives in Sample and Fieldwork, so analysts never see those;
/// analysts see aggregates only (Estimates); the administrator manages accounts and the job dashboard
/// and is given survey roles explicitly when needed (an account may hold several roles).
/// </remarks>
public static class Sections
{
    public const string Editions = Roles.SurveyManager + "," + Roles.Statistician;
    public const string Sample = Roles.SurveyManager + "," + Roles.Statistician;
    public const string Fieldwork = Roles.SurveyManager + "," + Roles.Statistician;
    public const string Weighting = Roles.Statistician;

    /// <summary>Making releases and seeing every release's list of readers (no figures): the statisticians, as for approving a run.</summary>
    public const string Releases = Roles.Statistician;
    public const string Estimates = Roles.Statistician + "," + Roles.Analyst;
    public const string Administration = Roles.Admin;

    /// <summary>The sections in menu order, with their role lists.</summary>
    public static IReadOnlyList<(Section Section, string AllowedRoles)> All { get; } =
    [
        (Section.Editions, Editions),
        (Section.Sample, Sample),
        (Section.Fieldwork, Fieldwork),
        (Section.Weighting, Weighting),
        (Section.Releases, Releases),
        (Section.Estimates, Estimates),
        (Section.Administration, Administration),
    ];

    public static bool IsAllowed(Section section, IEnumerable<string> userRoles)
    {
        var allowed = All.Single(s => s.Section == section).AllowedRoles.Split(',');
        return userRoles.Any(r => allowed.Contains(r, StringComparer.Ordinal));
    }

    public static IReadOnlyList<Section> VisibleTo(IEnumerable<string> userRoles)
    {
        var roles = userRoles.ToList();
        return All.Where(s => IsAllowed(s.Section, roles)).Select(s => s.Section).ToList();
    }
}

public enum Section
{
    Editions,
    Sample,
    Fieldwork,
    Weighting,
    Releases,
    Estimates,
    Administration,
}
