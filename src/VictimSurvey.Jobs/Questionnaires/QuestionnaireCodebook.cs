using System.Globalization;
using ClosedXML.Excel;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Jobs.Exports;

namespace VictimSurvey.Jobs.Questionnaires;

/// <summary>
/// The codebook of a questionnaire as an Excel workbook: "Questions" (one row per question — module,
/// id, labels, type, required, range, filter — followed by one row per code, the question id repeated so
/// that a filter on the column keeps a question with its codes), "Derived" (id, labels, expression)
/// and "About". Range bounds are numbers; every text is stored as text, never a formula (a label
/// starting with =, +, - or @ gets Excel's quote prefix). Column widths are set explicitly
/// (ClosedXML's AdjustToContents needs GDI+, absent on Linux).
/// </summary>
public static class QuestionnaireCodebook
{
    public const string QuestionsSheet = "Questions";
    public const string DerivedSheet = "Derived";

    private static readonly string[] QuestionHeader =
        ["Module", "Question", "Label (fr)", "Label (en)", "Type", "Required", "Min", "Max", "Filter", "Code", "Code label (fr)", "Code label (en)"];

    private static readonly double[] QuestionWidths = [22, 30, 60, 60, 16, 10, 8, 8, 50, 16, 40, 40];

    public static void Write(string path, Questionnaire questionnaire)
    {
        using var workbook = new XLWorkbook();
        WriteQuestions(workbook.Worksheets.Add(QuestionsSheet), questionnaire);
        WriteDerived(workbook.Worksheets.Add(DerivedSheet), questionnaire);
        WriteAbout(workbook.Worksheets.Add("About"), questionnaire);
        ExcelCells.SaveAtomically(workbook, path);
    }

    private static void WriteQuestions(IXLWorksheet sheet, Questionnaire questionnaire)
    {
        Header(sheet, QuestionHeader);
        var r = 2;
        foreach (var module in questionnaire.Modules)
        {
            foreach (var q in module.Questions)
            {
                Text(sheet.Cell(r, 1), module.Id);
                Text(sheet.Cell(r, 2), q.Id).Style.Font.SetBold();
                Text(sheet.Cell(r, 3), q.Label.Fr);
                Text(sheet.Cell(r, 4), q.Label.En);
                Text(sheet.Cell(r, 5), QuestionTypes.Name(q.Type));
                Text(sheet.Cell(r, 6), q.Required ? "yes" : "no");
                if (q.Range is { } range)
                {
                    sheet.Cell(r, 7).SetValue(range.Min);
                    sheet.Cell(r, 8).SetValue(range.Max);
                }

                Text(sheet.Cell(r, 9), q.Filter ?? "");
                r++;
                foreach (var code in q.Codes)
                {
                    Text(sheet.Cell(r, 1), module.Id);
                    Text(sheet.Cell(r, 2), q.Id);
                    Text(sheet.Cell(r, 10), code.Value);
                    Text(sheet.Cell(r, 11), code.Label.Fr);
                    Text(sheet.Cell(r, 12), code.Label.En);
                    r++;
                }
            }
        }

        Finish(sheet, QuestionWidths);
    }

    private static void WriteDerived(IXLWorksheet sheet, Questionnaire questionnaire)
    {
        Header(sheet, ["Variable", "Label (fr)", "Label (en)", "Expression", "Values"]);
        var r = 2;
        foreach (var variable in questionnaire.Derived)
        {
            Text(sheet.Cell(r, 1), variable.Id).Style.Font.SetBold();
            Text(sheet.Cell(r, 2), variable.Label.Fr);
            Text(sheet.Cell(r, 3), variable.Label.En);
            Text(sheet.Cell(r, 4), variable.Expression);
            Text(sheet.Cell(r, 5), "1 if true, 0 if false, a number for numeric expressions, empty if missing");
            r++;
        }

        Finish(sheet, [32, 60, 60, 90, 40]);
    }

    private static void WriteAbout(IXLWorksheet sheet, Questionnaire questionnaire)
    {
        (string Key, string Value)[] rows =
        [
            ("Questionnaire", questionnaire.Id),
            ("Version", questionnaire.Version),
            ("Label (fr)", questionnaire.Label.Fr),
            ("Label (en)", questionnaire.Label.En),
            ("Modules", string.Join(", ", questionnaire.Modules.Select(m => m.Id))),
            ("Questions", questionnaire.Questions.Count().ToString(CultureInfo.InvariantCulture)),
            ("Derived variables", questionnaire.Derived.Count.ToString(CultureInfo.InvariantCulture)),
            ("Missing values", "A question skipped by its filter or not answered is missing (empty). Filters and expressions follow docs/methodology/questionnaires.md."),
            ("Generator", "VictimSurvey " + (typeof(QuestionnaireCodebook).Assembly.GetName().Version?.ToString() ?? "")),
        ];
        for (var r = 0; r < rows.Length; r++)
        {
            Text(sheet.Cell(r + 1, 1), rows[r].Key).Style.Font.SetBold();
            Text(sheet.Cell(r + 1, 2), rows[r].Value);
        }

        sheet.Column(1).Width = 20;
        sheet.Column(2).Width = 100;
    }

    private static void Header(IXLWorksheet sheet, string[] header)
    {
        for (var c = 0; c < header.Length; c++)
        {
            Text(sheet.Cell(1, c + 1), header[c]).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#DCE6F1"));
        }
    }

    private static void Finish(IXLWorksheet sheet, double[] widths)
    {
        sheet.SheetView.FreezeRows(1);
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }
    }

    private static IXLCell Text(IXLCell cell, string text) => ExcelCells.Text(cell, text);
}
