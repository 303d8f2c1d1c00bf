using System.Globalization;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>`victimsurvey weight` end to end on small files: output format, and each bad input failing cleanly.</summary>
public sealed class WeightCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vs-weight-" + Guid.NewGuid().ToString("N")[..8]);

    public WeightCommandTests()
    {
        Directory.CreateDirectory(folder);
        var rows = new List<string> { "id,design_weight,responded,eligible,sex,age_group,household_size" };
        var random = new Random(11);
        for (var i = 1; i <= 400; i++)
        {
            var responded = i % 3 != 0 ? 1 : 0;
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"P{i},{100 + random.Next(100)},{responded},1,{(i % 2 == 0 ? "F" : "M")},{(i % 4 < 2 ? "18-49" : "50+")},{1 + random.Next(4)}"));
        }

        File.WriteAllLines(Path.Combine(folder, "data.csv"), rows);
        File.WriteAllText(Path.Combine(folder, "margins.csv"), """
            variable,category,total
            sex,F,30000
            sex,M,29000
            age_group,18-49,31000
            age_group,50+,28000
            household_size,,150000
            """);
        WriteSpec("spec.yaml", "raking", null);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PathOf(string name) => Path.Combine(folder, name);

    private void WriteSpec(string name, string method, string? extra) =>
        File.WriteAllText(PathOf(name), $"""
            name: test
            input:
              id: id
              design_weight: design_weight
              response: responded
              eligible: eligible
            nonresponse:
              method: rhg
              groups: [sex]
              min_respondents: 10
            calibration:
              method: {method}
              margins: margins.csv
            {extra ?? ""}
            """);

    private Task<CliResult> Weigh(string spec = "spec.yaml", string data = "data.csv") =>
        CliRunner.RunAsync(null, null, "weight", "--spec", PathOf(spec), "--data", PathOf(data), "--out", PathOf("weights.csv"), "--report", PathOf("report.md"));

    [Fact]
    public async Task Weights_every_respondent_reproducing_the_margins_and_writes_the_report()
    {
        var result = await Weigh();

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = File.ReadAllLines(PathOf("weights.csv"));
        Assert.Equal("id,weight,design_weight,nonresponse_weight,g", lines[0]);
        var respondents = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(267, respondents.Count); // 400 rows, every third a non-respondent
        var women = respondents.Where(r => int.Parse(r[0][1..], CultureInfo.InvariantCulture) % 2 == 0).Sum(r => double.Parse(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(30000, women, 6);
        Assert.All(respondents, r => Assert.Equal(
            double.Parse(r[1], CultureInfo.InvariantCulture) / double.Parse(r[3], CultureInfo.InvariantCulture),
            double.Parse(r[4], CultureInfo.InvariantCulture), 12));
        Assert.Contains("Converged", File.ReadAllText(PathOf("report.md")), StringComparison.Ordinal);
        Assert.Contains("## Calibration (raking)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_absent_from_the_margins_names_the_row_and_leaves_no_output()
    {
        var lines = File.ReadAllLines(PathOf("data.csv"));
        lines[5] = lines[5].Replace(",F,", ",X,", StringComparison.Ordinal).Replace(",M,", ",X,", StringComparison.Ordinal);
        File.WriteAllLines(PathOf("bad.csv"), lines);

        var result = await Weigh(data: "bad.csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("row 6 (id P5)", result.Error, StringComparison.Ordinal);
        Assert.Contains("'X'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("weights.csv")));
    }

    [Fact]
    public async Task A_missing_data_column_is_named()
    {
        File.WriteAllLines(PathOf("bad.csv"), File.ReadAllLines(PathOf("data.csv")).Select(l => string.Join(',', l.Split(',')[..^1])));

        var result = await Weigh(data: "bad.csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'household_size'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("weights.csv")));
    }

    [Fact]
    public async Task A_row_with_a_wrong_number_of_fields_is_named_by_line()
    {
        var lines = File.ReadAllLines(PathOf("data.csv"));
        lines[9] += ",extra";
        File.WriteAllLines(PathOf("bad.csv"), lines);

        var result = await Weigh(data: "bad.csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.csv, line 10: 8 field(s) where the header has 7", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_spec_key_is_an_error_with_its_line()
    {
        WriteSpec("typo.yaml", "raking", "trimming:\n  bounds: [0.5, 2]\n  max_round: 3");

        var result = await Weigh(spec: "typo.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("typo.yaml, line", result.Error, StringComparison.Ordinal);
        Assert.Contains("max_round", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_given_twice_in_the_spec_is_an_error()
    {
        WriteSpec("twice.yaml", "raking", "  method: linear");

        var result = await Weigh(spec: "twice.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("twice.yaml, line", result.Error, StringComparison.Ordinal);
        Assert.Contains("method", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Margins_that_do_not_sum_to_the_same_total_are_named()
    {
        File.WriteAllText(PathOf("margins.csv"), File.ReadAllText(PathOf("margins.csv")).Replace("50+,28000", "50+,28500", StringComparison.Ordinal));

        var result = await Weigh();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'sex' and 'age_group' do not sum to the same total", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infeasible_bounds_fail_with_exit_code_2_advice_and_no_output()
    {
        WriteSpec("tight.yaml", "logit", "  bounds: [0.99, 1.01]");

        var result = await Weigh(spec: "tight.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did not converge", result.Error, StringComparison.Ordinal);
        Assert.Contains("feasible, e.g.", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("weights.csv")));
    }

    [Fact]
    public async Task A_non_numeric_design_weight_is_named_by_row()
    {
        var lines = File.ReadAllLines(PathOf("data.csv"));
        lines[3] = lines[3].Replace(lines[3].Split(',')[1], "abc", StringComparison.Ordinal);
        File.WriteAllLines(PathOf("bad.csv"), lines);

        var result = await Weigh(data: "bad.csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("row 4 (id P3): 'abc'", result.Error, StringComparison.Ordinal);
    }
}
