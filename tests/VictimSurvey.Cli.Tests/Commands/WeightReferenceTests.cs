using System.Globalization;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>
/// `victimsurvey weight` on the R reference sample (tests/VictimSurvey.Core.Tests/Weighting/Reference),
/// with the spec's default tolerance, as a user would run it: every weight within 1e-7 of R's.
/// </summary>
public sealed class WeightReferenceTests : ScratchFolder
{
    private static readonly string Reference = WeightingReference;

    [Theory]
    [InlineData("raking_main", "raking", null, false)]
    [InlineData("linear_crossed", "linear", null, false)]
    [InlineData("logit_crossed", "logit", "[0.4, 2.09]", false)]
    [InlineData("truncated_main", "truncated", "[0.8, 2.12]", false)]
    [InlineData("rhg_then_truncated_main", "truncated", "[0.65, 1.4]", true)]
    public async Task The_command_gives_r_survey_weights(string name, string method, string? bounds, bool rhg)
    {
        var margins = name.Contains("crossed", StringComparison.Ordinal) ? "margins_crossed.csv" : "margins_main.csv";
        File.Copy(Path.Combine(Reference, margins), Path.Combine(Folder, margins));
        var spec = Path.Combine(Folder, "spec.yaml");
        File.WriteAllText(spec, $"""
            name: {name}
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
              response: responded
              eligible: eligible
            {(rhg ? "nonresponse:\n  method: rhg\n  groups: [sex, age_group]\n  min_respondents: 1\n" : "")}calibration:
              method: {method}
              margins: {margins}
            {(bounds is null ? "" : "  bounds: " + bounds)}
            """);
        var output = Path.Combine(Folder, "weights.csv");

        var result = await CliRunner.RunAsync(null, null, "weight", "--spec", spec, "--data", Path.Combine(Reference, "sample.csv"), "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        var ours = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        var expected = File.ReadAllLines(Path.Combine(Reference, $"expected_{name}.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(expected.Count, ours.Count);
        foreach (var row in expected)
        {
            var r = double.Parse(row[1], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(ours[row[0]] - r) <= 1e-7 * Math.Abs(r), $"id {row[0]}: {ours[row[0]]:R} vs R {r:R}");
        }
    }
}
