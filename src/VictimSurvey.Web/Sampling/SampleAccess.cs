using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Web.Sampling;

/// <summary>Which view of the sample persons a user gets inside the Sample section.</summary>
public static class SampleAccess
{
    /// <summary>
    /// Survey managers run the contact protocol, so they see names, addresses, phones and e-mails; a
    /// user who is also a statistician counts as survey manager. Everyone else allowed in the section
    /// (statisticians) gets the pseudonymised view, whose page never fetches nor renders contact data.
    /// </summary>
    public static bool SeesContactData(IEnumerable<string> roles) => roles.Contains(Roles.SurveyManager, StringComparer.Ordinal);
}
