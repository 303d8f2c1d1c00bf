using Hangfire.Dashboard;
using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Web.Jobs;

/// <summary>
/// The Hangfire dashboard at /jobs is for administrators. The endpoint already requires the admin
/// policy; this filter is the dashboard's own check, so that the dashboard stays closed even if it is
/// mapped elsewhere without the policy (Hangfire's default filter would let any local request in).
/// </summary>
public sealed class AdminDashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User is { Identity.IsAuthenticated: true } user && user.IsInRole(Roles.Admin);
}
