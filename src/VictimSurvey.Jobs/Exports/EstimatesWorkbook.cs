using System.Globalization;
using ClosedXML.Excel;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Jobs.Exports;

/// <summary>What the Notes and Metadata sheets say about where the estimates come from.</summary>
/// <param name="Language">The workbook's language, "en" or "fr" (<see cref="WorkbookText.For"/>).</param>
public sealed record WorkbookContext(string SpecName, string SpecPath, string DataPath, int Respondents, DateTimeOffset CreatedAt, string Language = WorkbookText.EnglishCode);

/// <summary>
/// The estimates as an Excel workbook an analyst can send on as it is: one sheet per indicator family
/// (national row first, then the domains), with confidence intervals, CV, base and flag; suppressed
/// estimates left blank with the reason in the flag column; a Notes sheet (method, definitions, flag
/// legend, sources) and a Metadata sheet. Numbers are stored as numbers with formats; text that would
/// read as a formula (starting with =, +, - or @) is stored as text with a quote prefix.
/// Column widths are set explicitly (ClosedXML's AdjustToContents needs GDI+, absent on Linux).
/// </summary>
public static class EstimatesWorkbook
{
    private const string PercentFormat = "0.0%";
    private const string CvFormat = "0.0%";
    private const string CountFormat = "#,##0";
    private const string DecimalFormat = "#,##0.000";

    public static void Write(string path, WeightingSpec spec, EstimatesSpec estimates, IReadOnlyList<EstimateRow> rows, WorkbookContext context)
    {
        using var workbook = new XLWorkbook();
        var text = WorkbookText.For(context.Language);
        // "History" is reserved by Excel.
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { text.NotesSheet, text.MetadataSheet, "History" };
        foreach (var family in estimates.Indicators.GroupBy(i => i.Family ?? i.Name, StringComparer.Ordinal))
        {
            var sheet = workbook.Worksheets.Add(WorksheetNames.Unique(family.Key, usedNames));
            WriteFamily(sheet, family.Key, family.ToList(), rows, estimates, text);
        }

        WriteNotes(workbook.Worksheets.Add(text.NotesSheet), spec, estimates, context, text);
        WriteMetadata(workbook.Worksheets.Add(text.MetadataSheet), estimates, rows, context);
        ExcelCells.SaveAtomically(workbook, path);
    }

    private static void WriteFamily(IXLWorksheet sheet, string family, List<IndicatorSpec> indicators, IReadOnlyList<EstimateRow> rows, EstimatesSpec spec, WorkbookText text)
    {
        Text(sheet.Cell(1, 1), family).Style.Font.SetBold().Font.SetFontSize(13);
        Text(sheet.Cell(2, 1), text.Format(text.IntervalsNote, spec.Confidence));
        var header = text.Header;
        const int headerRow = 4;
        for (var c = 0; c < header.Length; c++)
        {
            Text(sheet.Cell(headerRow, c + 1), header[c]).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#DCE6F1"));
        }

        var r = headerRow + 1;
        foreach (var indicator in indicators)
        {
            var percent = indicator.Total is null && indicator.Mean is null;
            var format = percent ? PercentFormat : indicator.Total is not null ? CountFormat : DecimalFormat;
            var ordered = rows.Where(x => x.Indicator == indicator.Name)
                .OrderBy(x => x.DomainVariable == DomainPartition.National ? 0 : 1)
                .ThenBy(x => x.DomainVariable, StringComparer.Ordinal)
                .ThenBy(x => x.Domain, DomainOrder.Instance);
            foreach (var row in ordered)
            {
                Text(sheet.Cell(r, 1), indicator.Label ?? indicator.Name);
                Text(sheet.Cell(r, 2), row.DomainVariable);
                Text(sheet.Cell(r, 3), row.Domain);
                if (row.Flag != QualityFlag.Suppressed)
                {
                    Number(sheet.Cell(r, 4), row.Estimate.Value, format);
                    Number(sheet.Cell(r, 5), row.Interval.Lower, format);
                    Number(sheet.Cell(r, 6), row.Interval.Upper, format);
                    if (!double.IsNaN(row.Estimate.CoefficientOfVariation))
                    {
                        Number(sheet.Cell(r, 7), row.Estimate.CoefficientOfVariation, CvFormat);
                    }
                }

                Number(sheet.Cell(r, 8), row.Estimate.Base, CountFormat);
                Number(sheet.Cell(r, 9), row.Estimate.WeightedBase, CountFormat);
                Text(sheet.Cell(r, 10), FlagText(row, spec.Publication, text));
                r++;
            }
        }

        sheet.SheetView.FreezeRows(headerRow);
        double[] widths = [44, 16, 12, 11, 11, 11, 9, 10, 15, 48];
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }
    }

    private static string FlagText(EstimateRow row, PublicationRule rule, WorkbookText text) => row.Flag switch
    {
        QualityFlag.Ok => "",
        QualityFlag.Caution => text.Format(text.Caution, rule.CautionCv),
        _ when row.Estimate.Base < rule.MinBase => text.Format(text.SuppressedBase, row.Estimate.Base, rule.MinBase),
        _ => text.Format(text.SuppressedCv, rule.SuppressCv),
    };

    private static void WriteNotes(IXLWorksheet sheet, WeightingSpec spec, EstimatesSpec estimates, WorkbookContext context, WorkbookText text)
    {
        var r = 1;
        void Line(string label, string content)
        {
            Text(sheet.Cell(r, 1), label).Style.Font.SetBold();
            Text(sheet.Cell(r, 2), content).Style.Alignment.SetWrapText();
            r++;
        }

        Line(text.WeightingLabel, $"{context.SpecName}: "
            + (spec.Nonresponse is { } nr ? text.Format(text.Nonresponse, nr.Method.ToString().ToLowerInvariant()) : "")
            + (spec.Calibration is { } cal ? text.Format(text.Calibration, Calibrator.Name(cal.Method), Path.GetFileName(cal.MarginsSource)) : text.DesignWeights)
            + (spec.Trimming is null ? "" : text.Trimming) + ".");
        Line(text.VarianceLabel, estimates.Variance == VarianceMethod.Linearization
            ? text.Format(text.Linearization, spec.Input.Strata is null ? text.OneStratum : text.Stratified, spec.Input.StratumPopulation is null ? text.WithoutFpc : text.WithFpc)
              + (spec.Calibration is null ? "." : text.CalibrationResiduals + ".")
              + (estimates.NonresponsePhase ? text.NonresponsePhase : spec.Nonresponse is null ? "" : text.NonresponseAsDesign)
            : text.Format(text.Bootstrap, estimates.Replicates, estimates.Seed));
        Line(text.IntervalsLabel, text.Format(text.Intervals, estimates.Interval, estimates.Confidence));
        Line(text.FlagsLabel, text.Format(text.Flags, estimates.Publication.MinBase, estimates.Publication.SuppressCv, estimates.Publication.CautionCv));
        Line(text.UnitsLabel, text.Units);
        r++;
        Text(sheet.Cell(r++, 1), text.DefinitionsLabel).Style.Font.SetBold();
        foreach (var i in estimates.Indicators)
        {
            var definition = i.Proportion is { } p ? text.Format(text.ShareOf, p)
                : i.Mean is { } m ? text.Format(text.MeanOf, m)
                : i.Total is { } t ? text.Format(text.TotalOf, t)
                : text.Format(text.RatioOf, i.RatioNumerator ?? "", i.RatioDenominator ?? "");
            Line(i.Label ?? i.Name, $"{i.Name}: {definition}");
        }

        r++;
        Line(text.SourcesLabel, text.Format(text.Sources, Path.GetFileName(context.DataPath), Path.GetFileName(context.SpecPath)));
        sheet.Column(1).Width = 34;
        sheet.Column(2).Width = 110;
    }

    private static void WriteMetadata(IXLWorksheet sheet, EstimatesSpec estimates, IReadOnlyList<EstimateRow> rows, WorkbookContext context)
    {
        (string Key, object Value)[] entries =
        [
            ("created_at_utc", context.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("spec", context.SpecPath),
            ("data", context.DataPath),
            ("respondents", context.Respondents),
            ("estimates", rows.Count),
            ("confidence", estimates.Confidence),
            ("interval", estimates.Interval.ToString()),
            ("variance", estimates.Variance.ToString()),
            ("nonresponse_phase", estimates.NonresponsePhase ? "true" : "false"),
            ("generator", "VictimSurvey " + (typeof(EstimatesWorkbook).Assembly.GetName().Version?.ToString() ?? "")),
        ];
        Text(sheet.Cell(1, 1), "key").Style.Font.SetBold();
        Text(sheet.Cell(1, 2), "value").Style.Font.SetBold();
        for (var r = 0; r < entries.Length; r++)
        {
            Text(sheet.Cell(r + 2, 1), entries[r].Key);
            if (entries[r].Value is string s)
            {
                Text(sheet.Cell(r + 2, 2), s);
            }
            else
            {
                Number(sheet.Cell(r + 2, 2), Convert.ToDouble(entries[r].Value, CultureInfo.InvariantCulture), "General");
            }
        }

        sheet.Column(1).Width = 18;
        sheet.Column(2).Width = 80;
    }

    private static IXLCell Text(IXLCell cell, string text) => ExcelCells.Text(cell, text);

    private static void Number(IXLCell cell, double value, string format)
    {
        if (!double.IsFinite(value))
        {
            return; // no number to show: the cell stays empty
        }

        cell.SetValue(value);
        cell.Style.NumberFormat.Format = format;
    }
}
