using System.Globalization;
using VictimSurvey.Core.Questionnaires;

namespace VictimSurvey.Web.Editions;

public static class LocalizedTextExtensions
{
    /// <summary>The English text for an English interface, the French one otherwise.</summary>
    public static string ForCurrentCulture(this LocalizedText text) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? text.En : text.Fr;
}
