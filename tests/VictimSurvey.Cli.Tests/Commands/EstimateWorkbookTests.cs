using System.Globalization;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>The Excel tables, read back.</summary>
public sealed class EstimateWorkbookTests : ScratchFolder
{
    private static readonly string Reference = EstimationReference;

    public EstimateWorkbookTests()
        : base(Path.Combine(EstimationReference, "margins.csv"))
    {
    }

    [Fact]
    public async Task The_workbook_has_numbers_percent_formats_blank_suppressed_cells_and_formula_looking_text_as_text()
    {
        var spec = Path.Combine(Folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: workbook-test
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
            calibration:
              method: raking
              margins: margins.csv
            estimates:
              interval: korn-graubard
              domains: [department]
              indicators:
                - name: violence
                  label: "=HYPERLINK(\"http://example.invalid\")"
                  family: Violence
                  proportion: victim_violence
                - name: violence_reporting
                  label: "+Plainte après violences"
                  family: Violence
                  ratio: { numerator: complaint_violence, denominator: victim_violence }
                - name: feel_unsafe
                  label: Sentiment d'insécurité
                  proportion: feel_unsafe
            """);
        var output = Path.Combine(Folder, "tables.xlsx");

        var result = await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", Path.Combine(Reference, "sample.csv"), "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        using var workbook = new ClosedXML.Excel.XLWorkbook(output);
        Assert.Equal(["Violence", "feel_unsafe", "Notes", "Metadata"], workbook.Worksheets.Select(s => s.Name));
        var sheet = workbook.Worksheet("Violence");
        var rows = sheet.RowsUsed().Where(r => r.RowNumber() > 4).ToList();
        Assert.Equal(2 * 11, rows.Count); // two indicators × (national + 10 departments)

        var national = rows.First();
        Assert.Equal("national", national.Cell(3).GetString());
        Assert.Equal(ClosedXML.Excel.XLDataType.Number, national.Cell(4).DataType);
        Assert.Contains("%", national.Cell(4).Style.NumberFormat.Format, StringComparison.Ordinal);
        Assert.InRange(national.Cell(4).GetDouble(), 0.001, 0.1);

        var label = national.Cell(1);
        Assert.False(label.HasFormula);
        Assert.Equal("=HYPERLINK(\"http://example.invalid\")", label.GetString());
        Assert.False(rows.Single(r => r.Cell(1).GetString().StartsWith('+') && r.Cell(3).GetString() == "national").Cell(1).HasFormula);

        // Violence in a department has a few dozen victims at most: the reporting rates there are suppressed, cells blank.
        var suppressed = rows.Where(r => r.Cell(10).GetString().StartsWith("Suppressed", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(suppressed);
        Assert.All(suppressed, r => Assert.True(r.Cell(4).IsEmpty() && r.Cell(5).IsEmpty() && r.Cell(6).IsEmpty(), "suppressed row " + r.RowNumber()));
        Assert.All(suppressed, r => Assert.Equal(ClosedXML.Excel.XLDataType.Number, r.Cell(8).DataType));

        Assert.Contains("Flags", workbook.Worksheet("Notes").Column(1).CellsUsed().Select(c => c.GetString()));
        Assert.Equal(3500, workbook.Worksheet("Metadata").Cell(5, 2).GetDouble());
        Assert.Equal(4, sheet.SheetView.SplitRow);
        Assert.Equal("Indicator", sheet.Cell(4, 1).GetString());
    }

    [Fact]
    public async Task In_French_the_workbook_speaks_French_and_keeps_the_figures_and_codes()
    {
        var spec = Path.Combine(Folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: workbook-fr
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
            calibration:
              method: raking
              margins: margins.csv
            estimates:
              domains: [department]
              indicators:
                - name: violence_reporting
                  label: Plainte après violences
                  family: Atteintes personnelles
                  ratio: { numerator: complaint_violence, denominator: victim_violence }
            """);
        var english = Path.Combine(Folder, "tables-en.xlsx");
        var french = Path.Combine(Folder, "tables-fr.xlsx");
        var data = Path.Combine(Reference, "sample.csv");

        var en = await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", data, "--out", english);
        var fr = await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", data, "--out", french, "--language", "fr");
        var unknown = await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", data, "--out", Path.Combine(Folder, "x.xlsx"), "--language", "de");

        Assert.True(en.ExitCode == 0, en.Error);
        Assert.True(fr.ExitCode == 0, fr.Error);
        Assert.NotEqual(0, unknown.ExitCode);
        using var enBook = new ClosedXML.Excel.XLWorkbook(english);
        using var frBook = new ClosedXML.Excel.XLWorkbook(french);
        Assert.Equal(["Atteintes personnelles", "Notes", "Métadonnées"], frBook.Worksheets.Select(s => s.Name));
        var enSheet = enBook.Worksheet("Atteintes personnelles");
        var frSheet = frBook.Worksheet("Atteintes personnelles");
        Assert.Equal("Indicateur", frSheet.Cell(4, 1).GetString());
        Assert.Equal("Qualité", frSheet.Cell(4, 10).GetString());

        // The same figures, codes and formats; only the words differ.
        var last = enSheet.LastRowUsed()!.RowNumber();
        Assert.Equal(last, frSheet.LastRowUsed()!.RowNumber());
        for (var r = 5; r <= last; r++)
        {
            foreach (var c in new[] { 2, 3, 4, 5, 6, 7, 8, 9 })
            {
                Assert.Equal(enSheet.Cell(r, c).Value.ToString(), frSheet.Cell(r, c).Value.ToString());
            }
        }

        var flags = Enumerable.Range(5, last - 4).Select(r => frSheet.Cell(r, 10).GetString()).Where(f => f.Length > 0).ToList();
        Assert.Contains(flags, f => f.StartsWith("Non diffusée : effectif", StringComparison.Ordinal));
        var notes = frBook.Worksheet("Notes").Column(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Contains("Pondération", notes);
        Assert.Contains("Définitions", notes);
        Assert.Contains("calage (raking) sur les marges de margins.csv", frBook.Worksheet("Notes").Cell(1, 2).GetString(), StringComparison.Ordinal);
    }
}
