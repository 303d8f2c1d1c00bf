using System.Globalization;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

/// <summary>Replicate weights written by `weight --replicates`.</summary>
public sealed class ReplicateWeightsTests : ScratchFolder
{
    private static readonly string Reference = EstimationReference;

    public ReplicateWeightsTests()
        : base(Path.Combine(EstimationReference, "margins.csv"))
    {
        File.WriteAllText(Path.Combine(Folder, "spec.yaml"), """
            input:
              id: id
              design_weight: design_weight
              strata: stratum
            calibration:
              method: raking
              margins: margins.csv
            """);
    }

    private async Task<string[]> ReplicatesAsync(string name, int seed)
    {
        var result = await CliRunner.RunAsync(null, null, "weight", "--spec", Path.Combine(Folder, "spec.yaml"), "--data", Path.Combine(Reference, "sample.csv"),
            "--out", Path.Combine(Folder, "w.csv"), "--replicates", "20", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--replicates-out", Path.Combine(Folder, name));
        Assert.True(result.ExitCode == 0, result.Error);
        return File.ReadAllLines(Path.Combine(Folder, name));
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
