using System.Globalization;
using System.Text;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Audit;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Fieldwork;

namespace VictimSurvey.Web.Fieldwork;

/// <summary>The fieldwork rates as CSV (<see cref="RatesCsv"/>: invariant culture), for the roles of the Fieldwork section; each download is audited.</summary>
public static class FieldworkEndpoints
{
    public const string FieldworkPolicy = "fieldwork";

    /// <summary>The national row alone ("national") or with one row per group (department, age_group, sex, mode).</summary>
    public static string RatesCsvUrl(int year, string by) =>
        string.Create(CultureInfo.InvariantCulture, $"/fieldwork/{year}/rates.csv?by={Uri.EscapeDataString(by)}");

    public static void MapFieldworkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fieldwork/{year:int}/rates.csv", async (int year, string? by, HttpContext http, FieldworkMonitorStore monitor, AuditStore audit, CancellationToken ct) =>
        {
            by ??= RatesCsv.NationalGroup;
            var national = by == RatesCsv.NationalGroup;
            if (!national && !MonitorGroupings.All.Contains(by, StringComparer.Ordinal))
            {
                return Results.BadRequest($"by: one of {RatesCsv.NationalGroup}, {string.Join(", ", MonitorGroupings.All)}");
            }

            FieldworkMonitor figures;
            try
            {
                figures = await monitor.LoadAsync(year, ct);
            }
            catch (FieldworkException)
            {
                return Results.NotFound();
            }

            var text = new StringWriter(CultureInfo.InvariantCulture);
            RatesCsv.Write(text, figures.By(national ? MonitorGroupings.Department : by), withGroups: !national);
            await audit.RecordAsync(http.User.Identity?.Name ?? "?", "fieldwork-rates-exported",
                string.Create(CultureInfo.InvariantCulture, $"{year}: rates by {by}, {figures.Events} events"), ct);
            return Results.File(new UTF8Encoding(false).GetBytes(text.ToString()), "text/csv; charset=utf-8",
                string.Create(CultureInfo.InvariantCulture, $"fieldwork-rates-{year}-{by}.csv"));
        }).RequireAuthorization(FieldworkPolicy);
    }

    /// <summary>The policy for the Fieldwork section's endpoints: the same role list as its pages.</summary>
    public static void AddFieldworkPolicy(Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) =>
        builder.AddPolicy(FieldworkPolicy, policy => policy.RequireRole(Sections.Fieldwork.Split(',')));
}
