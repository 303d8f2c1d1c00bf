using System.CommandLine;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Weighting;

namespace VictimSurvey.Cli.Commands;

/// <summary><c>victimsurvey weight --spec SPEC.yaml --data DATA.csv --out WEIGHTS.csv [--report REPORT.md]</c></summary>
internal static class WeightCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo>("--spec") { Description = "weighting spec (YAML)", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "units (CSV with header, invariant culture)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "weights to write: id,weight,design_weight,nonresponse_weight,g", Required = true };
        var report = new Option<FileInfo?>("--report") { Description = "also write the diagnostics to this Markdown file" };
        var replicates = new Option<int>("--replicates") { Description = "also compute this many bootstrap replicate weights (each re-adjusted and recalibrated); needs input.strata" };
        var seed = new Option<int>("--seed") { Description = "seed of the replicates", DefaultValueFactory = _ => 2024 };
        var replicatesOut = new Option<FileInfo?>("--replicates-out") { Description = "where to write the replicate weights: id,weight,rep_1..rep_B" };
        var command = new Command("weight", "Weight a file: nonresponse adjustment, calibration, trimming, as the spec says. Diagnostics go to stderr.")
        {
            spec, data, output, report, replicates, seed, replicatesOut,
        };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!.FullName;
            try
            {
                var (weightingSpec, table, outcome, text) = FileWeighting.Run(parse.GetValue(spec)!.FullName, parse.GetValue(data)!.FullName);
                Console.Error.Write(text);
                if (parse.GetValue(report) is { } reportFile)
                {
                    File.WriteAllText(reportFile.FullName, text);
                }

                if (!outcome.Succeeded)
                {
                    Console.Error.WriteLine($"error: the weighting did not converge; {outPath} was not written. {outcome.Calibration?.Failure}");
                    return 2;
                }

                if (parse.GetValue(replicates) is > 0 and var count)
                {
                    var target = parse.GetValue(replicatesOut)?.FullName ?? throw new InputFileException("--replicates needs --replicates-out FILE.csv");
                    FileWeighting.WriteReplicates(target, weightingSpec, table, outcome, parse.GetValue(seed), count);
                }

                FileWeighting.WriteWeights(outPath, outcome);
                return 0;
            }
            catch (Exception ex) when (ex is WeightingException or InputFileException or Core.Variance.EstimationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        });
        return command;
    }
}
