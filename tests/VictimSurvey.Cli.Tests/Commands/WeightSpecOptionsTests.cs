using System.Globalization;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>The spec's other options through the command, on the R reference sample: shares, logistic nonresponse, trimming.</summary>
public sealed class WeightSpecOptionsTests : ScratchFolder
{
    private static readonly string Reference = WeightingReference;

    private const string Input = """
        input:
          id: id
          design_weight: design_weight
          response: responded
          eligible: eligible
        """;

    private async Task<Dictionary<string, string[]>> WeighAsync(string specBody)
    {
        var spec = Path.Combine(Folder, "spec.yaml");
        File.WriteAllText(spec, "name: test\n" + Input + "\n" + specBody);
        var output = Path.Combine(Folder, "weights.csv");
        var result = await CliRunner.RunAsync(null, null, "weight", "--spec", spec, "--data", Path.Combine(Reference, "sample.csv"), "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        return File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Margins_given_as_shares_with_a_population_total_give_the_same_weights_as_counts()
    {
        var rows = File.ReadAllLines(Path.Combine(Reference, "margins_crossed.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var total = rows.Where(r => r[0] == "diploma").Sum(r => Number(r[2]));
        File.WriteAllLines(Path.Combine(Folder, "shares.csv"),
            rows.Select(r => $"{r[0]},{r[1]},{(Number(r[2]) / total).ToString("R", CultureInfo.InvariantCulture)}").Prepend("variable,category,share"));

        var weights = await WeighAsync($"calibration:\n  method: raking\n  margins: shares.csv\n  population_total: {total.ToString("R", CultureInfo.InvariantCulture)}\n");

        foreach (var row in File.ReadAllLines(Path.Combine(Reference, "expected_raking_crossed.csv")).Skip(1).Select(l => l.Split(',')))
        {
            var r = Number(row[1]);
            Assert.True(Math.Abs(Number(weights[row[0]][1]) - r) <= 1e-7 * r, $"id {row[0]}");
        }
    }

    [Fact]
    public async Task Logistic_nonresponse_adjustment_alone_gives_r_glm_class_weights()
    {
        var weights = await WeighAsync("nonresponse:\n  method: logistic\n  groups: [sex, age_group, diploma]\n  numeric: [household_size]\n  classes: 5\n  min_respondents: 1\n");

        var expected = File.ReadAllLines(Path.Combine(Reference, "expected_nr_logistic.csv")).Skip(1).Select(l => l.Split(',')).Where(r => Number(r[4]) > 0).ToList();
        Assert.Equal(expected.Count, weights.Count);
        foreach (var row in expected)
        {
            var r = Number(row[4]);
            Assert.True(Math.Abs(Number(weights[row[0]][1]) - r) <= 1e-9 * r, $"id {row[0]}: {weights[row[0]][1]} vs {row[4]}");
            Assert.Equal(weights[row[0]][1], weights[row[0]][3]); // no calibration: final weight = nonresponse weight
        }
    }

    [Fact]
    public async Task Trimming_caps_g_and_keeps_the_margins()
    {
        File.Copy(Path.Combine(Reference, "margins_main.csv"), Path.Combine(Folder, "margins_main.csv"));

        var weights = await WeighAsync("nonresponse:\n  method: rhg\n  groups: [sex, age_group]\ncalibration:\n  method: raking\n  margins: margins_main.csv\ntrimming:\n  bounds: [0.7, 1.45]\n");

        Assert.All(weights.Values, w => Assert.InRange(Number(w[4]), 0.7 * (1 - 1e-9), 1.45 * (1 + 1e-9)));
        var sample = File.ReadAllLines(Path.Combine(Reference, "sample.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        var header = File.ReadLines(Path.Combine(Reference, "sample.csv")).First().Split(',').ToList();
        var sex = header.IndexOf("sex");
        var women = weights.Where(w => sample[w.Key][sex] == "F").Sum(w => Number(w.Value[1]));
        var target = File.ReadAllLines(Path.Combine(Reference, "margins_main.csv")).Select(l => l.Split(',')).Single(r => r[0] == "sex" && r[1] == "F")[2];
        Assert.Equal(Number(target), women, 3);
    }
}
