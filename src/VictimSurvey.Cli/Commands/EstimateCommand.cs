using System.CommandLine;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Jobs.Exports;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Weighting;

namespace VictimSurvey.Cli.Commands;

/// <summary><c>victimsurvey estimate --spec SPEC.yaml --data DATA.csv --out ESTIMATES.csv</c></summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo>("--spec") { Description = "weighting spec with an estimates section (YAML)", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "units (CSV with header, invariant culture)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "estimates to write: .csv (machine-readable) or .xlsx (tables to publish)", Required = true };
        var language = WorkbookLanguageOption.Create();
        var command = new Command("estimate", "Weight a file as the spec says, then estimate its indicators nationally and by domain, with SEs, intervals, CVs and flags.")
        {
            spec, data, output, language,
        };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!.FullName;
            try
            {
                var excel = outPath.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
                if (!excel && !outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InputFileException($"{outPath}: the output must be a .csv or an .xlsx file.");
                }

                var (weightingSpec, weighting, estimates, report) = FileEstimation.Run(parse.GetValue(spec)!.FullName, parse.GetValue(data)!.FullName);
                Console.Error.Write(report);
                if (!weighting.Succeeded)
                {
                    Console.Error.WriteLine($"error: the weighting did not converge; {outPath} was not written. {weighting.Calibration?.Failure}");
                    return 2;
                }

                if (excel)
                {
                    EstimatesWorkbook.Write(outPath, weightingSpec, weightingSpec.Estimates!, estimates,
                        new WorkbookContext(weighting.SpecName, parse.GetValue(spec)!.FullName, parse.GetValue(data)!.FullName, weighting.Respondents, DateTimeOffset.UtcNow,
                            parse.GetValue(language)!));
                }
                else
                {
                    FileEstimation.WriteCsv(outPath, estimates);
                }

                Console.Error.WriteLine($"{estimates.Count} estimates written to {outPath}.");
                return 0;
            }
            catch (Exception ex) when (ex is WeightingException or EstimationException or InputFileException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        });
        return command;
    }
}
