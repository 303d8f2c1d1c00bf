using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Cli.Commands;

/// <summary><c>victimsurvey sample draw|import|allocation|phase2</c>: an edition's sample in the database.</summary>
internal static class SampleCommands
{
    public static Command Create()
    {
        var sample = new Command("sample", "An edition's sample: draw a demo sample, import an external one, show the allocation, draw the phase-2 subsample.");
        sample.Add(Draw());
        sample.Add(Import());
        sample.Add(Allocation());
        sample.Add(Phase2());
        return sample;
    }

    private static Option<int> EditionOption() => new("--edition") { Description = "the edition's year, e.g. 2024", Required = true };

    private static Option<bool> ReplaceOption() => new("--replace") { Description = "replace the edition's existing sample (only while the edition is planned)" };

    private static Command Draw()
    {
        var edition = EditionOption();
        var size = new Option<int>("--size") { Description = "sample size n", DefaultValueFactory = _ => 200_000 };
        var allocation = new Option<string>("--allocation") { Description = "proportional, min-proportional or power", DefaultValueFactory = _ => "min-proportional" };
        allocation.AcceptOnlyFromAmong("proportional", "min-proportional", "power");
        var minimum = new Option<int?>("--min") { Description = "minimum per department (default: 1000 for min-proportional, none otherwise)" };
        var power = new Option<double>("--power") { Description = "exponent a of the power allocation N_h^a", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<int>("--seed") { Description = "random seed: the same seed draws the same persons", DefaultValueFactory = _ => 2024 };
        var replace = ReplaceOption();
        var draw = new Command("draw", "Simulate a stratified draw from the register (demo data, APPROXIMATE department populations) and load it; creates the edition if absent.")
        {
            edition, size, allocation, minimum, power, seed, replace,
        };
        draw.SetAction((parse, ct) => Guard(async () =>
        {
            var method = AllocationRequest.ParseMethod(parse.GetValue(allocation)!);
            var min = parse.GetValue(minimum) ?? (method == AllocationMethod.MinimumPlusProportional ? 1000 : 0);
            var request = new SampleDrawRequest(parse.GetValue(edition), new AllocationRequest(method, parse.GetValue(size), min, parse.GetValue(power)), parse.GetValue(seed), parse.GetValue(replace));
            await using var services = Services(parse);
            var result = await services.GetRequiredService<SampleDrawJob>().RunAsync(request, ct);
            if (result.EditionCreated)
            {
                Console.WriteLine($"Created edition {result.EditionYear} ({result.Allocation.Count} departments).");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Drew {result.Allocation.Sum(a => a.Size):N0} persons for edition {result.EditionYear} in {result.Allocation.Count} departments ({request.Allocation.MethodName}, minimum {min:N0}, seed {request.Seed}): generated in {result.Generation.TotalSeconds:F1} s, loaded in {result.Loading.TotalSeconds:F1} s."));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Department sizes from {result.Allocation.Min(a => a.Size):N0} to {result.Allocation.Max(a => a.Size):N0}; inclusion probabilities from {result.Allocation.Min(a => a.InclusionProbability):G4} to {result.Allocation.Max(a => a.InclusionProbability):G4}."));
            return 0;
        }));
        return draw;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = $"CSV with columns {string.Join(", ", SampleCsvImport.RequiredColumns)} (stratum optional)" };
        var edition = EditionOption();
        var replace = ReplaceOption();
        var import = new Command("import", "Import an externally drawn sample from CSV; every bad row is reported and nothing is imported unless all rows are good.")
        {
            file, edition, replace,
        };
        import.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var result = await services.GetRequiredService<SampleImportJob>().RunAsync(parse.GetValue(file)!.FullName, parse.GetValue(edition), parse.GetValue(replace), ct);
            if (result.EditionCreated)
            {
                Console.WriteLine($"Created edition {result.EditionYear}.");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imported {result.Persons:N0} persons in {result.Departments} departments into edition {result.EditionYear}."));
            return 0;
        }));
        return import;
    }

    private static Command Allocation()
    {
        var edition = EditionOption();
        var allocation = new Command("allocation", "Planned vs drawn sample size per department (CSV on stdout).") { edition };
        allocation.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var year = parse.GetValue(edition);
            if (await services.GetRequiredService<EditionStore>().GetAsync(year, ct) is null)
            {
                await Console.Error.WriteLineAsync($"error: edition {year} does not exist.");
                return 1;
            }

            var rows = await services.GetRequiredService<SampleStore>().AllocationAsync(year, ct);
            Console.WriteLine("department,name,population,planned,drawn,design_weight_sum");
            foreach (var row in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.DepartmentCode},\"{row.DepartmentName.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{row.Population},{row.PlannedSize},{row.DrawnSize},{row.DesignWeightSum:F2}"));
            }

            return 0;
        }));
        return allocation;
    }

    private static Command Phase2()
    {
        var edition = EditionOption();
        var rate = new Option<double>("--rate") { Description = "share of the phase-1 respondents of each stratum who get the module, in (0, 1]", Required = true };
        var seed = new Option<int?>("--seed") { Description = "random seed: the same seed draws the same subsample (default: the edition's year)" };
        var phase2 = new Command("phase2", "Draw the phase-2 subsample (who gets the module) among the edition's phase-1 respondents so far, stratified by the sample's stratum; replaces an earlier subsample unless module responses are stored.")
        {
            edition, rate, seed,
        };
        phase2.SetAction((parse, ct) => Guard(async () =>
        {
            var year = parse.GetValue(edition);
            var request = new Phase2DrawRequest(year, parse.GetValue(rate), parse.GetValue(seed) ?? year);
            await using var services = Services(parse);
            var result = await services.GetRequiredService<Phase2DrawJob>().RunAsync(request, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Subsampled {result.Selected:N0} of {result.Respondents:N0} phase-1 respondents of edition {result.EditionYear} in {result.Strata} strata (rate {request.Rate}, seed {request.Seed})."));
            return 0;
        }));
        return phase2;
    }

    private static ServiceProvider Services(ParseResult parse)
    {
        var services = new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse));
        services.AddSingleton<SampleDrawJob>();
        services.AddSingleton<SampleImportJob>();
        services.AddSingleton<Phase2DrawJob>();
        return services.BuildServiceProvider();
    }

    /// <summary>The shared guard, plus the sampling failures: a message (every problem of an import) on stderr, exit code 1.</summary>
    private static Task<int> Guard(Func<Task<int>> body) => CommonOptions.Guard(async () =>
    {
        try
        {
            return await body();
        }
        catch (SampleImportException ex)
        {
            return await ProblemReport.WriteAsync(ex.Problems, "nothing imported");
        }
        catch (Exception ex) when (ex is SamplingException or SampleException or EditionException or InputFileException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
    });
}
