using System.Globalization;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Releases;
using VictimSurvey.Jobs.Releases;

namespace VictimSurvey.Web.Estimates;

/// <summary>
/// A release's estimates as CSV (invariant culture) or the estimates workbook, for the roles of the Estimates
/// section AND through the embargo rule (<see cref="ReleaseStore"/>): a user who may not see the release
/// gets 404, as for a release that does not exist. Each download is audited by the store.
/// </summary>
public static class EstimatesEndpoints
{
    public const string EstimatesPolicy = "estimates";

    public static string DownloadUrl(long releaseId, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"/estimates/releases/{releaseId}/estimates.{extension}");

    public static void MapEstimatesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/estimates/releases/{id:long}/estimates.{extension}", async (long id, string extension, HttpContext http, ReleaseExport export, CancellationToken ct) =>
        {
            var (access, contentType) = extension switch
            {
                "csv" => (ReleaseAccess.Csv, "text/csv; charset=utf-8"),
                "xlsx" => (ReleaseAccess.Excel, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                _ => (null, null),
            };
            if (access is null)
            {
                return Results.NotFound();
            }

            var folder = Directory.CreateTempSubdirectory("victimsurvey-release-").FullName;
            try
            {
                var path = Path.Combine(folder, "estimates." + extension);
                // The workbook speaks the page's language (the request culture of the FR/EN switch).
                var written = await export.WriteAsync(id, http.User.Identity?.Name ?? "", path, access, ct, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
                if (written is null)
                {
                    return Results.NotFound();
                }

                return Results.File(await File.ReadAllBytesAsync(path, ct), contentType,
                    string.Create(CultureInfo.InvariantCulture, $"estimates-release-{id}.{extension}"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }).RequireAuthorization(EstimatesPolicy);
    }

    /// <summary>The policy for the Estimates section's endpoints: the same role list as its page.</summary>
    public static void AddEstimatesPolicy(Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) =>
        builder.AddPolicy(EstimatesPolicy, policy => policy.RequireRole(Sections.Estimates.Split(',')));
}
