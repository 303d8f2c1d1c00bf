using System.Globalization;
using ClosedXML.Excel;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>
/// `estimates.nonresponse_phase` through `victimsurvey estimate`, on the R reference of the two-phase
/// variance (Core.Tests/Estimation/Reference/NonresponsePhase): the whole sample with non-respondents and
/// ineligible units, response groups age group × urban, raking on sex and age group.
/// </summary>
public sealed class EstimateNonresponsePhaseTests : ScratchFolder
{
    private static readonly string Reference = Path.Combine(EstimationReference, "NonresponsePhase");

    public EstimateNonresponsePhaseTests()
        : base(Path.Combine(Reference, "margins.csv"))
    {
    }

    private async Task<CliResult> EstimateAsync(string nonresponse, string estimatesOptions, string output = "estimates.csv")
    {
        var spec = Path.Combine(Folder, "spec.yaml");
        File.WriteAllText(spec, $"""
            name: two-phase
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
              response: response
              eligible: eligible
            {nonresponse}
            calibration:
              method: raking
              margins: margins.csv
              tolerance: 1.0e-12
            estimates:
            {estimatesOptions}
              domains: [region]
              indicators:
                - name: victim
                  proportion: victim
                - name: complaint_rate
                  ratio: {"{"} numerator: complaint, denominator: victim {"}"}
            """);
        return await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", Path.Combine(Reference, "sample.csv"), "--out", Path.Combine(Folder, output));
    }

    private const string Groups = """
        nonresponse:
          method: rhg
          groups: [age_group, urban]
          min_respondents: 20
        """;

    [Theory]
    [InlineData("  nonresponse_phase: true", "se_two_phase")]
    [InlineData("  nonresponse_phase: false", "se_one_phase")]
    public async Task Standard_errors_are_the_references_with_or_without_the_nonresponse_phase(string option, string seColumn)
    {
        var result = await EstimateAsync(Groups, option);

        Assert.True(result.ExitCode == 0, result.Error);
        var ours = File.ReadAllLines(Path.Combine(Folder, "estimates.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => (f[0], f[2]));
        var expected = File.ReadAllLines(Path.Combine(Reference, "expected.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[1] is "victim" or "complaint_rate" && r[0] != "total").ToList();
        Assert.Equal(2 * 4, expected.Count); // 2 indicators × (national + 3 regions)
        var se = Array.IndexOf(File.ReadAllLines(Path.Combine(Reference, "expected.csv"))[0].Split(','), seColumn);
        foreach (var r in expected)
        {
            var row = ours[(r[1], r[3])];
            Close(double.Parse(r[4], CultureInfo.InvariantCulture), double.Parse(row[3], CultureInfo.InvariantCulture), 1e-9, $"{r[1]} {r[3]} estimate");
            Close(double.Parse(r[se], CultureInfo.InvariantCulture), double.Parse(row[4], CultureInfo.InvariantCulture), 1e-8, $"{r[1]} {r[3]} SE");
        }

        // The published tables say which variance they carry.
        var workbook = await EstimateAsync(Groups, option, "estimates.xlsx");
        Assert.True(workbook.ExitCode == 0, workbook.Error);
        using var tables = new XLWorkbook(Path.Combine(Folder, "estimates.xlsx"));
        var metadata = tables.Worksheet("Metadata").RowsUsed().ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2).GetString());
        Assert.Equal(option.EndsWith("true", StringComparison.Ordinal) ? "true" : "false", metadata["nonresponse_phase"]);
        var notes = string.Join("\n", tables.Worksheet("Notes").CellsUsed().Select(c => c.GetString()));
        Assert.Contains(option.EndsWith("true", StringComparison.Ordinal) ? "second phase" : "no separate nonresponse phase", notes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "  nonresponse_phase: true", "needs a nonresponse section")]
    [InlineData(Groups, "  nonresponse_phase: true\n  variance: bootstrap", "applies to linearization")]
    public async Task The_option_is_refused_where_it_has_no_meaning(string nonresponse, string option, string message)
    {
        var result = await EstimateAsync(nonresponse, option);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nonresponse_phase", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("spec.yaml", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Folder, "estimates.csv")));
    }

    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");
}
