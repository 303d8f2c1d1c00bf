using ClosedXML.Excel;

namespace VictimSurvey.Jobs.Exports;

/// <summary>What every workbook we write does the same way: text that cannot become a formula, and an atomic save.</summary>
public static class ExcelCells
{
    /// <summary>Text, never a formula: a value starting with =, +, - or @ also gets Excel's quote prefix.</summary>
    public static IXLCell Text(IXLCell cell, string text)
    {
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            cell.Style.IncludeQuotePrefix = true;
        }

        return cell;
    }

    /// <summary>Saves beside the target and moves the file into place: a failure never leaves a partial workbook.</summary>
    public static void SaveAtomically(XLWorkbook workbook, string path)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp.xlsx";
        try
        {
            workbook.SaveAs(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
