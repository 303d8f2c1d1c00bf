namespace VictimSurvey.Core.Accounts;

/// <summary>
/// The four roles of the back office (see ../shared/PRODUCT.md, "Who uses it").
/// The strings are stored in the database and in the sign-in cookie: never rename one.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string SurveyManager = "survey-manager";
    public const string Statistician = "statistician";
    public const string Analyst = "analyst";

    public static IReadOnlyList<string> All { get; } = [Admin, SurveyManager, Statistician, Analyst];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
