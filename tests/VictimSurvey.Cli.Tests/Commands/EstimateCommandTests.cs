using System.Globalization;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>`victimsurvey estimate` on the R reference sample of the estimates engine: calibrated estimates and SEs as R's.</summary>
public sealed class EstimateCommandTests : ScratchFolder
{
    private static readonly string Reference = EstimationReference;

    public EstimateCommandTests()
        : base(Path.Combine(EstimationReference, "margins.csv"))
    {
    }

    private async Task<CliResult> EstimateAsync(string estimates, string output = "estimates.csv")
    {
        var spec = Path.Combine(Folder, "spec.yaml");
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
        return await CliRunner.RunAsync(null, null, "estimate", "--spec", spec, "--data", Path.Combine(Reference, "sample.csv"), "--out", Path.Combine(Folder, output));
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
        var lines = File.ReadAllLines(Path.Combine(Folder, "estimates.csv"));
        Assert.Equal("indicator,domain_variable,domain,estimate,se,ci_lower,ci_upper,cv,n,flag,weighted_base,df,deff,label", lines[0]);
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
        // A label a spreadsheet would run as a formula is written with a leading apostrophe.
        Assert.Equal("'=Victimes de cambriolage (%)", ours[("victim_burglary", "national")][13]);
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
        Assert.False(File.Exists(Path.Combine(Folder, "estimates.csv")));
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

    [Theory]
    [InlineData("  nonresponse_phse: true", "unknown field 'nonresponse_phse' in estimates (fields there: confidence, interval, variance, nonresponse_phase,")]
    [InlineData("  variance: bootstrap\n  replicates: 1", "estimates.replicates 1 must be at least 2")]
    public async Task A_spec_mistake_is_named_with_the_file_and_what_would_be_right(string option, string message)
    {
        var result = await EstimateAsync("estimates:\n" + option + """

              indicators:
                - name: victim_burglary
                  proportion: victim_burglary
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("spec.yaml", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Folder, "estimates.csv")));
    }

    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: {actual:R} vs R {expected:R}");
}
