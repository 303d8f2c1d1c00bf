using VictimSurvey.Core.Accounts;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Web.Editions;

/// <summary>The codebook of a questionnaire as an Excel download, for the roles of the Editions section.</summary>
public static class QuestionnaireEndpoints
{
    public const string EditionsPolicy = "editions";

    public static string CodebookUrl(string questionnaireId) => $"/editions/questionnaires/{Uri.EscapeDataString(questionnaireId)}/codebook.xlsx";

    public static void MapQuestionnaireEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/editions/questionnaires/{id}/codebook.xlsx", (string id, QuestionnaireLibrary library) =>
        {
            var questionnaire = library.Find(id);
            if (questionnaire is null)
            {
                return Results.NotFound();
            }

            // ClosedXML writes to a file; the file lives only for this request.
            var path = Path.Combine(Path.GetTempPath(), "codebook-" + Guid.NewGuid().ToString("N") + ".xlsx");
            try
            {
                QuestionnaireCodebook.Write(path, questionnaire);
                return Results.File(File.ReadAllBytes(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    $"codebook-{questionnaire.Id}-v{questionnaire.Version}.xlsx");
            }
            finally
            {
                File.Delete(path);
            }
        }).RequireAuthorization(EditionsPolicy);
    }

    /// <summary>The policy for the Editions section's endpoints: the same role list as its pages.</summary>
    public static void AddEditionsPolicy(Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) =>
        builder.AddPolicy(EditionsPolicy, policy => policy.RequireRole(Sections.Editions.Split(',')));
}
