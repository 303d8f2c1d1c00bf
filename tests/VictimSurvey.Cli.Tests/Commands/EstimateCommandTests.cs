using System.Globalization;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>`victimsurvey estimate` on the R reference sample of the estimates engine: calibrated estimates and SEs as R's.</summary>
public sealed class EstimateCommandTests : IDisposable
{
    private static readonly string Reference = Path.Combine(BuiltProgram.RepositoryRoot(), "tests", "VictimSurvey.Core.Tests", "Estimation", "Reference");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vs-estimate-" + Guid.NewGuid().ToString("N")[..8]);

    public EstimateCommandTests()
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Reference, "margins.csv"), Path.Combine(folder, "margins.csv"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<CliResult> EstimateAsync(string estimates, string output = "estimates.csv")
    {
        var spec = Path.Combine(folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: estimates-reference
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
            calibration:
              method: raking
              margins: margins.csv
            """ + "\n" + estimates);
        return await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", Path.Combine(Reference, "sample.csv"), "--out", Path.Combine(folder, output));
    }

    [Fact]
    public async Task Estimates_and_standard_errors_by_department_are_rs()
    {
        var result = await EstimateAsync("""
            estimates:
              confidence: 0.95
              interval: korn-graubard
              domains: [department]
              indicators:
                - name: victim_burglary
                  label: "=Victimes de cambriolage (%)"
                  proportion: victim_burglary
                - name: feel_unsafe
                  proportion: feel_unsafe
                - name: complaint_burglary/victim_burglary
                  ratio: { numerator: complaint_burglary, denominator: victim_burglary }
              publication: { min_base: 30, caution_cv: 0.166, suppress_cv: 0.333 }
            """);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = File.ReadAllLines(Path.Combine(folder, "estimates.csv"));
        Assert.Equal("indicator,domain_variable,domain,estimate,se,ci_lower,ci_upper,cv,n,flag,weighted_base,df,label", lines[0]);
        var ours = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => (f[0], f[2]));
        var expected = File.ReadAllLines(Path.Combine(Reference, "expected_estimates.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[0] == "calibrated" && (r[1] == "mean" || r[1] == "ratio") && ours.ContainsKey((r[2], r[4]))).ToList();
        Assert.Equal(3 * 11, expected.Count); // 3 indicators × (national + 10 departments)
        foreach (var r in expected)
        {
            var row = ours[(r[2], r[4])];
            Close(double.Parse(r[5], CultureInfo.InvariantCulture), double.Parse(row[3], CultureInfo.InvariantCulture), 1e-7, $"{r[2]} {r[4]} estimate");
            var se = double.Parse(r[6], CultureInfo.InvariantCulture);
            if (se > 0)
            {
                Close(se, double.Parse(row[4], CultureInfo.InvariantCulture), 1e-5, $"{r[2]} {r[4]} SE");
            }
        }

        Assert.Equal("national", ours[("victim_burglary", "national")][1]);
        Assert.Contains(ours.Values, row => row[9] is "caution" or "suppressed");
    }

    [Fact]
    public async Task A_missing_indicator_column_is_named_and_nothing_is_written()
    {
        var result = await EstimateAsync("""
            estimates:
              indicators:
                - name: x
                  proportion: victim_piracy
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'victim_piracy'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "estimates.csv")));
    }

    [Fact]
    public async Task A_proportion_column_that_is_not_zero_or_one_is_named_by_row()
    {
        var result = await EstimateAsync("""
            estimates:
              indicators:
                - name: incidents
                  proportion: incidents
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("column 'incidents'", result.Error, StringComparison.Ordinal);
        Assert.Contains("is not 0 or 1", result.Error, StringComparison.Ordinal);
    }

    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: {actual:R} vs R {expected:R}");
}

/// <summary>Bootstrap standard errors, each replicate recalibrated, against linearization on the same file.</summary>
public sealed class EstimateBootstrapTests : IDisposable
{
    private static readonly string Reference = Path.Combine(BuiltProgram.RepositoryRoot(), "tests", "VictimSurvey.Core.Tests", "Estimation", "Reference");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vs-bootstrap-" + Guid.NewGuid().ToString("N")[..8]);

    public EstimateBootstrapTests()
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Reference, "margins.csv"), Path.Combine(folder, "margins.csv"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<Dictionary<(string, string), double>> StandardErrorsAsync(string variance)
    {
        var spec = Path.Combine(folder, variance + ".yaml");
        File.WriteAllText(spec, $"""
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
            calibration:
              method: raking
              margins: margins.csv
            estimates:
              variance: {variance}
              replicates: 200
              seed: 2024
              indicators:
                - name: victim_insult
                  proportion: victim_insult
                - name: feel_unsafe
                  proportion: feel_unsafe
                - name: theft_reporting
                  ratio: {"{"} numerator: complaint_theft, denominator: victim_theft {"}"}
            """);
        var output = Path.Combine(folder, variance + ".csv");
        var result = await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", Path.Combine(Reference, "sample.csv"), "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        return File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToDictionary(f => (f[0], f[2]), f => double.Parse(f[4], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task National_bootstrap_standard_errors_are_within_15_percent_of_linearization()
    {
        var linearization = await StandardErrorsAsync("linearization");
        var bootstrap = await StandardErrorsAsync("bootstrap");

        foreach (var indicator in new[] { "victim_insult", "feel_unsafe", "theft_reporting" })
        {
            var ratio = bootstrap[(indicator, "national")] / linearization[(indicator, "national")];
            Assert.InRange(ratio, 0.85, 1.15);
        }
    }
}

/// <summary>The Excel tables, read back.</summary>
public sealed class EstimateWorkbookTests : IDisposable
{
    private static readonly string Reference = Path.Combine(BuiltProgram.RepositoryRoot(), "tests", "VictimSurvey.Core.Tests", "Estimation", "Reference");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vs-xlsx-" + Guid.NewGuid().ToString("N")[..8]);

    public EstimateWorkbookTests()
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Reference, "margins.csv"), Path.Combine(folder, "margins.csv"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_workbook_has_numbers_percent_formats_blank_suppressed_cells_and_formula_looking_text_as_text()
    {
        var spec = Path.Combine(folder, "spec.yaml");
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
        var output = Path.Combine(folder, "tables.xlsx");

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
    }
}

/// <summary>Replicate weights written by `weight --replicates`.</summary>
public sealed class ReplicateWeightsTests : IDisposable
{
    private static readonly string Reference = Path.Combine(BuiltProgram.RepositoryRoot(), "tests", "VictimSurvey.Core.Tests", "Estimation", "Reference");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vs-reps-" + Guid.NewGuid().ToString("N")[..8]);

    public ReplicateWeightsTests()
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Reference, "margins.csv"), Path.Combine(folder, "margins.csv"));
        File.WriteAllText(Path.Combine(folder, "spec.yaml"), """
            input:
              id: id
              design_weight: design_weight
              strata: stratum
            calibration:
              method: raking
              margins: margins.csv
            """);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<string[]> ReplicatesAsync(string name, int seed)
    {
        var result = await CliRunner.RunAsync(null, null, "weight", "--spec", Path.Combine(folder, "spec.yaml"), "--data", Path.Combine(Reference, "sample.csv"),
            "--out", Path.Combine(folder, "w.csv"), "--replicates", "20", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--replicates-out", Path.Combine(folder, name));
        Assert.True(result.ExitCode == 0, result.Error);
        return File.ReadAllLines(Path.Combine(folder, name));
    }

    [Fact]
    public async Task Every_replicate_is_recalibrated_to_the_margins_and_the_same_seed_gives_the_same_replicates()
    {
        var lines = await ReplicatesAsync("reps.csv", 7);

        Assert.Equal("id,weight," + string.Join(',', Enumerable.Range(1, 20).Select(b => "rep_" + b)), lines[0]);
        Assert.Equal(3501, lines.Length);
        var sex = File.ReadAllLines(Path.Combine(Reference, "sample.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[5]);
        var women = File.ReadAllLines(Path.Combine(Reference, "margins.csv")).Select(l => l.Split(',')).Single(f => f[0] == "sex" && f[1] == "F")[2];
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        for (var b = 2; b < 22; b++)
        {
            var total = rows.Where(r => sex[r[0]] == "F").Sum(r => double.Parse(r[b], CultureInfo.InvariantCulture));
            Assert.Equal(double.Parse(women, CultureInfo.InvariantCulture), total, 2);
            Assert.Contains(rows, r => r[b] == "0"); // units not drawn in this replicate
        }

        Assert.Equal(lines, await ReplicatesAsync("again.csv", 7));
        Assert.NotEqual(lines[1], (await ReplicatesAsync("other.csv", 8))[1]);
    }
}
