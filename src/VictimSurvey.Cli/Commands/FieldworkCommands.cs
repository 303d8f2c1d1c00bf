using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Data;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Cli.Commands;

/// <summary><c>victimsurvey fieldwork season|import-events|import-responses|rates|protocol run|protocol show</c>: an edition's fieldwork data.</summary>
internal static class FieldworkCommands
{
    public static Command Create()
    {
        var fieldwork = new Command("fieldwork", "Fieldwork: the season, the contractor's event files, the contact protocol.");
        fieldwork.Add(Season());
        fieldwork.Add(ImportEvents());
        fieldwork.Add(ImportResponses());
        fieldwork.Add(Rates());
        fieldwork.Add(FieldworkSimulateCommand.Create());
        var protocol = new Command("protocol", "The edition's contact protocol (the VRS default when none is defined).");
        protocol.Add(Run());
        protocol.Add(Show());
        fieldwork.Add(protocol);
        return fieldwork;
    }

    private static Option<int> EditionOption() => new("--edition") { Description = "the edition's year, e.g. 2025", Required = true };

    private static Command Season()
    {
        var edition = EditionOption();
        var start = new Option<DateOnly>("--start") { Description = "first day of collection (day 0 of the protocol), YYYY-MM-DD", Required = true };
        var end = new Option<DateOnly>("--end") { Description = "last day of collection, YYYY-MM-DD", Required = true };
        var season = new Command("season", "Set the edition's collection season; event times must fall inside it.") { edition, start, end };
        season.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            await services.GetRequiredService<ProtocolStore>().SetSeasonAsync(parse.GetValue(edition), parse.GetValue(start), parse.GetValue(end), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Season of edition {parse.GetValue(edition)}: {parse.GetValue(start):yyyy-MM-dd} to {parse.GetValue(end):yyyy-MM-dd}."));
            return 0;
        }));
        return season;
    }

    private static Command ImportEvents()
    {
        var file = new Argument<FileInfo>("FILE") { Description = $"CSV with columns {string.Join(", ", EventCsv.Columns)}" };
        var edition = EditionOption();
        var import = new Command("import-events", "Load a contractor's event file; every problem is reported and nothing is loaded unless the whole file is good.") { file, edition };
        import.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var result = await services.GetRequiredService<EventBatchImport>().RunAsync(parse.GetValue(file)!.FullName, parse.GetValue(edition), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Loaded {result.Events:N0} events into edition {result.EditionYear} as batch {result.BatchId} (checked in {result.Reading.TotalSeconds:F1} s, loaded in {result.Loading.TotalSeconds:F1} s)."));
            await RefreshCaseStatesAsync(services, result.EditionYear, ct);
            return 0;
        }));
        return import;
    }

    /// <summary>
    /// Exit codes: 0 every row stored; 2 the file was loaded but some rows were quarantined (listed on
    /// stderr, also on the back office's Responses page); 1 the file was refused and nothing changed
    /// (a whole-file error, or the same file already loaded: as for import-events).
    /// </summary>
    private static Command ImportResponses()
    {
        var file = new Argument<FileInfo>("FILE") { Description = $"CSV (columns {string.Join(", ", ResponseFile.Columns)}, then one per question id) or JSON (an array of objects with those fields and answers)" };
        var edition = EditionOption();
        var mode = new Option<string>("--mode") { Description = "the collection system the file comes from: " + string.Join("|", ResponseModes.All), Required = true };
        mode.AcceptOnlyFromAmong([.. ResponseModes.All]);
        var questionnaires = new Option<DirectoryInfo?>("--questionnaires")
        {
            Description = $"folder of the questionnaire files (default: {QuestionnaireLibrary.FolderVariable}, else the questionnaires beside the program)",
        };
        var import = new Command("import-responses",
            "Load a response file of one mode: valid rows are stored, the others quarantined with their problems, in one transaction; the same file twice changes nothing. "
            + "Exit code 0: every row stored; 2: some rows quarantined (listed on stderr); 1: file refused, nothing changed.")
        {
            file, edition, mode, questionnaires,
        };
        import.SetAction((parse, ct) => Guard(async () =>
        {
            var folder = parse.GetValue(questionnaires)?.FullName
                         ?? QuestionnaireLibrary.DefaultFolder(Environment.GetEnvironmentVariable(QuestionnaireLibrary.FolderVariable));
            await using var services = Services(parse, new QuestionnaireLibrary(folder));
            var path = parse.GetValue(file)!.FullName;
            var result = await services.GetRequiredService<ResponseFileImport>().RunAsync(path, parse.GetValue(edition), parse.GetValue(mode)!, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {result.Stored:N0} response(s) stored, {result.Quarantined.Count:N0} row(s) quarantined, as {result.Mode} response file {result.FileId} of edition {result.EditionYear} (checked in {result.Reading.TotalSeconds:F1} s, loaded in {result.Loading.TotalSeconds:F1} s)."));
            if (result.Quarantined.Count == 0)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warning: {result.Quarantined.Count:N0} row(s) of {path} quarantined, not stored (listed on the back office's Responses page too):"));
            foreach (var problem in result.Quarantined.SelectMany(q => q.Problems))
            {
                await Console.Error.WriteLineAsync("  " + problem);
            }

            return 2;
        }));
        return import;
    }

    private static Command Rates()
    {
        var edition = EditionOption();
        var by = new Option<string?>("--by") { Description = "also one row per group: " + string.Join("|", MonitorGroupings.All) };
        by.AcceptOnlyFromAmong([.. MonitorGroupings.All]);
        var output = new Option<FileInfo?>("--out") { Description = "the CSV file to write (default: standard output)" };
        var rates = new Command("rates", "AAPOR counts and rates (RR1-RR6, COOP1-4, REF1-3, CON1-3) of the edition's current dispositions, national row first.") { edition, by, output };
        rates.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var monitor = await services.GetRequiredService<FieldworkMonitorStore>().LoadAsync(parse.GetValue(edition), ct);
            var grouping = parse.GetValue(by);
            var grouped = monitor.By(grouping ?? MonitorGroupings.Department);
            if (parse.GetValue(output) is { } file)
            {
                await using (var writer = new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false)))
                {
                    RatesCsv.Write(writer, grouped, withGroups: grouping is not null);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote {file.FullName}: {monitor.Counts.Total:N0} cases, RR1 = {monitor.National.RR1:P1}."));
            }
            else
            {
                RatesCsv.Write(Console.Out, grouped, withGroups: grouping is not null);
            }

            return 0;
        }));
        return rates;
    }

    private static Command Run()
    {
        var edition = EditionOption();
        var day = new Option<DateOnly?>("--day") { Description = "the day to run for, YYYY-MM-DD (default: today in Paris)" };
        var run = new Command("run", "Apply the steps due on that day to the open cases; a step already applied to a case is never applied again.") { edition, day };
        run.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var today = parse.GetValue(day) ?? FieldworkClock.Today(TimeProvider.System);
            var steps = await services.GetRequiredService<ContactProtocolJob>().RunAsync(parse.GetValue(edition), today, ct);
            foreach (var s in steps)
            {
                var what = !s.Due ? "not due yet" : s.Step.Target == ProtocolTargets.Close ? "protocol closed" : $"{s.Created:N0} communication(s) created";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {s.Step.StepNumber} (day {s.Step.DayOffset}, {s.DueOn:yyyy-MM-dd}): {what}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total: {steps.Sum(s => s.Created):N0} communication(s) created on {today:yyyy-MM-dd}."));
            await RefreshCaseStatesAsync(services, parse.GetValue(edition), ct);
            return 0;
        }));
        return run;
    }

    private static Command Show()
    {
        var edition = EditionOption();
        var show = new Command("show", "The protocol's steps (CSV on stdout) with the communications recorded per step.") { edition };
        show.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var store = services.GetRequiredService<ProtocolStore>();
            var year = parse.GetValue(edition);
            var steps = await store.GetOrDefaultStepsAsync(year, ct);
            var counts = await store.CommunicationCountsAsync(year, ct);
            Console.WriteLine("step,day,channel,target,template,communications");
            foreach (var s in steps)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.StepNumber},{s.DayOffset},{s.Channel},{s.Target},{s.Template},{counts.GetValueOrDefault(s.StepNumber)}"));
            }

            return 0;
        }));
        return show;
    }

    private static ServiceProvider Services(ParseResult parse, QuestionnaireLibrary? questionnaires = null)
    {
        var services = new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse));
        if (questionnaires is not null)
        {
            services.AddSingleton(questionnaires);
            services.AddSingleton<ResponseFileImport>();
        }

        services.AddSingleton<EventBatchImport>();
        services.AddSingleton<ContactProtocolJob>();
        services.AddSingleton<CaseStateRefreshJob>();
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The CLI has no job server: it refreshes the case states the import or the protocol made dirty
    /// itself, as the web app's background job would, so that the monitoring reads them ready.
    /// </summary>
    private static async Task RefreshCaseStatesAsync(IServiceProvider services, int year, CancellationToken ct)
    {
        var refresh = await services.GetRequiredService<CaseStateRefreshJob>().RunAsync(year, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Case states refreshed: {refresh.Cases:N0} case(s) from {refresh.Events:N0} events in {refresh.Elapsed.TotalSeconds:F1} s."));
    }

    /// <summary>The shared guard, plus the fieldwork failures: every problem of an event file on stderr, exit code 1.</summary>
    private static Task<int> Guard(Func<Task<int>> body) => CommonOptions.Guard(async () =>
    {
        try
        {
            return await body();
        }
        catch (EventImportException ex)
        {
            return await ProblemReport.WriteAsync(ex.Problems, "nothing loaded");
        }
        catch (ResponseImportException ex)
        {
            return await ProblemReport.WriteAsync(ex.Problems, $"nothing changed ({ex.InputPath})");
        }
        catch (Exception ex) when (ex is FieldworkException or InputFileException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
    });
}
