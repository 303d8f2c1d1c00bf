using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Data;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Fieldwork;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey fieldwork simulate --edition 2025 [--until-day 30] [--seed 2025]</c>: plays a seeded
/// synthetic season into an edition (demo and tests only), one contractor batch per simulated day.
/// </summary>
internal static class FieldworkSimulateCommand
{
    public static Command Create()
    {
        var edition = new Option<int>("--edition") { Description = "the edition's year, e.g. 2025 (it needs a sample and a season)", Required = true };
        var untilDay = new Option<int?>("--until-day") { Description = "last day to simulate, 0 = season start (default: the whole season)" };
        var seed = new Option<int?>("--seed") { Description = "random seed: the same seed gives the same events (default: the edition's year, as the demo seed)" };
        var simulate = new Command("simulate", "Simulate the edition's fieldwork (synthetic events, for the demo): protocol steps and one event batch per day; days already simulated are skipped.")
        {
            edition, untilDay, seed,
        };
        simulate.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var services = new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse));
            services.AddSingleton<SeasonSimulator>();
            await using var provider = services.BuildServiceProvider();
            try
            {
                var r = await provider.GetRequiredService<SeasonSimulator>().RunAsync(parse.GetValue(edition), parse.GetValue(untilDay), parse.GetValue(seed) ?? parse.GetValue(edition), ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Edition {r.EditionYear} simulated to day {r.UntilDay}: {r.Communications:N0} communication(s), {r.Events:N0} event(s) in {r.BatchesLoaded} batch(es), {r.BatchesSkipped} day(s) already loaded (generated in {r.Generating.TotalSeconds:F1} s, written in {r.Writing.TotalSeconds:F1} s)."));
                return 0;
            }
            catch (FieldworkException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message);
                return 1;
            }
        }));
        return simulate;
    }
}
