using System.CommandLine;
using VictimSurvey.Jobs.Exports;

namespace VictimSurvey.Cli.Commands;

/// <summary><c>--language en|fr</c>: the language of an estimates workbook (headers, flags, notes); codes stay as they are.</summary>
internal static class WorkbookLanguageOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--language")
        {
            Description = "language of the .xlsx workbook: en or fr (the CSV has none)",
            DefaultValueFactory = _ => WorkbookText.EnglishCode,
        };
        option.AcceptOnlyFromAmong([.. WorkbookText.Languages]);
        return option;
    }
}
