using System.Globalization;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>Bootstrap standard errors, each replicate recalibrated, against linearization on the same file.</summary>
public sealed class EstimateBootstrapTests : ScratchFolder
{
    private static readonly string Reference = EstimationReference;

    public EstimateBootstrapTests()
        : base(Path.Combine(EstimationReference, "margins.csv"))
    {
    }

    private async Task<Dictionary<(string, string), double>> StandardErrorsAsync(string variance)
    {
        var spec = Path.Combine(Folder, variance + ".yaml");
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
        var output = Path.Combine(Folder, variance + ".csv");
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
