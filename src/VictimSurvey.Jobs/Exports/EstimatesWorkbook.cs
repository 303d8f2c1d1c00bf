using System.Globalization;
using ClosedXML.Excel;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Jobs.Exports;

/// <summary>What the Notes and Metadata sheets say about where the estimates come from.</summary>
public sealed record WorkbookContext(string SpecName, string SpecPath, string DataPath, int Respondents, DateTimeOffset CreatedAt);

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
        var byIndicator = estimates.Indicators.ToDictionary(i => i.Name, StringComparer.Ordinal);
        // "History" is reserved by Excel.
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Notes", "Metadata", "History" };
        foreach (var family in estimates.Indicators.GroupBy(i => i.Family ?? i.Name, StringComparer.Ordinal))
        {
            var sheet = workbook.Worksheets.Add(WorksheetNames.Unique(family.Key, usedNames));
            WriteFamily(sheet, family.Key, family.ToList(), rows, estimates);
        }

        WriteNotes(workbook.Worksheets.Add("Notes"), spec, estimates, context);
        WriteMetadata(workbook.Worksheets.Add("Metadata"), estimates, rows, context);
        ExcelCells.SaveAtomically(workbook, path);
    }

    private static void WriteFamily(IXLWorksheet sheet, string family, List<IndicatorSpec> indicators, IReadOnlyList<EstimateRow> rows, EstimatesSpec spec)
    {
        Text(sheet.Cell(1, 1), family).Style.Font.SetBold().Font.SetFontSize(13);
        Text(sheet.Cell(2, 1), string.Create(CultureInfo.InvariantCulture, $"Confidence intervals at {spec.Confidence:P0}; suppressed estimates are blank (see the flag and the Notes sheet)."));
        string[] header = ["Indicator", "Domain variable", "Domain", "Estimate", "CI lower", "CI upper", "CV", "Base (n)", "Weighted base", "Flag"];
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
                Text(sheet.Cell(r, 10), FlagText(row, spec.Publication));
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

    private static string FlagText(EstimateRow row, PublicationRule rule) => row.Flag switch
    {
        QualityFlag.Ok => "",
        QualityFlag.Caution => "Use with caution (CV over " + rule.CautionCv.ToString("P1", CultureInfo.InvariantCulture) + ")",
        _ when row.Estimate.Base < rule.MinBase => string.Create(CultureInfo.InvariantCulture, $"Suppressed: base {row.Estimate.Base} under {rule.MinBase}"),
        _ => "Suppressed: CV over " + rule.SuppressCv.ToString("P1", CultureInfo.InvariantCulture),
    };

    private static void WriteNotes(IXLWorksheet sheet, WeightingSpec spec, EstimatesSpec estimates, WorkbookContext context)
    {
        var r = 1;
        void Line(string label, string text)
        {
            Text(sheet.Cell(r, 1), label).Style.Font.SetBold();
            Text(sheet.Cell(r, 2), text).Style.Alignment.SetWrapText();
            r++;
        }

        Line("Weighting", $"{context.SpecName}: " + (spec.Nonresponse is { } nr ? $"nonresponse adjustment ({nr.Method.ToString().ToLowerInvariant()}), " : "")
            + (spec.Calibration is { } cal ? $"calibration ({Calibrator.Name(cal.Method)}) on the margins of {Path.GetFileName(cal.MarginsSource)}" : "design weights") + (spec.Trimming is null ? "" : ", trimming") + ".");
        Line("Variance", estimates.Variance == VarianceMethod.Linearization
            ? "Linearization for a " + (spec.Input.Strata is null ? "one-stratum" : "stratified") + " design" + (spec.Input.StratumPopulation is null ? " without" : " with") + " finite-population correction"
              + (spec.Calibration is null ? "." : "; calibrated weights: residuals of the calibration (R survey's convention).")
              + (estimates.NonresponsePhase
                  ? " Nonresponse treated as a second phase (Poisson sampling within the response groups), added to the sampling variance of the whole sample."
                  : spec.Nonresponse is null ? "" : " The respondents are taken as the sample, with the nonresponse-adjusted weights as design weights (no separate nonresponse phase).")
            : string.Create(CultureInfo.InvariantCulture, $"Rescaling bootstrap, {estimates.Replicates} replicates (seed {estimates.Seed}), each re-adjusted for nonresponse and recalibrated."));
        Line("Intervals", string.Create(CultureInfo.InvariantCulture, $"{estimates.Interval} at {estimates.Confidence:P0} for proportions and ratios within [0, 1]; Wald for means, totals and other ratios; Student t with the design's degrees of freedom (n − H, or the domain's)."));
        Line("Flags", string.Create(CultureInfo.InvariantCulture, $"Suppressed when the unweighted base is under {estimates.Publication.MinBase} or the CV over {estimates.Publication.SuppressCv:P1}; use with caution when the CV is from {estimates.Publication.CautionCv:P1} to {estimates.Publication.SuppressCv:P1}."));
        Line("Units", "Proportions and ratios as percentages; bases are respondents (for a ratio: respondents with a non-zero denominator).");
        r++;
        Text(sheet.Cell(r++, 1), "Definitions").Style.Font.SetBold();
        foreach (var i in estimates.Indicators)
        {
            var definition = i.Proportion is { } p ? $"share of persons with {p} = 1"
                : i.Mean is { } m ? $"mean of {m}"
                : i.Total is { } t ? $"total of {t}"
                : $"ratio {i.RatioNumerator} / {i.RatioDenominator}";
            Line(i.Label ?? i.Name, $"{i.Name}: {definition}");
        }

        r++;
        Line("Sources", $"Data file {Path.GetFileName(context.DataPath)}; weighting spec {Path.GetFileName(context.SpecPath)}; produced by VictimSurvey.");
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
