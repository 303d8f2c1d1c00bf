using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Jobs.Seeding;

/// <summary>
/// The demo sign-ins that <c>./run.sh</c> seeds into an empty database and prints. They exist only in
/// demo databases: production accounts are made with <c>victimsurvey user add</c>, and no default
/// password ships with <c>db migrate</c>.
/// </summary>
public static class DemoAccounts
{
    public static IReadOnlyList<(string UserName, string DisplayName, string Password, string Role)> All { get; } =
    [
        ("admin", "Alice Admin", "demo-admin-2026", Roles.Admin),
        ("manager", "Mathieu Manager", "demo-manager-2026", Roles.SurveyManager),
        ("statistician", "Sophie Statisticienne", "demo-statistician-2026", Roles.Statistician),
        ("analyst", "Antoine Analyste", "demo-analyst-2026", Roles.Analyst),
    ];
}
