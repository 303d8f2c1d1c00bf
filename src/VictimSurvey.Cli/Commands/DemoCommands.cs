using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Data;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Jobs.Seeding;

namespace VictimSurvey.Cli.Commands;

internal static class DemoCommands
{
    public static Command Create()
    {
        var withoutFieldwork = new Option<bool>("--without-fieldwork") { Description = "seed the accounts and the 2024 sample only: no simulated seasons, answers or phase 2 (seconds instead of about a minute)" };
        var seed = new Command("seed", "Fill an empty database with the demo data (demo accounts; the 2024 edition, its 200,000-person sample, its simulated season, answers and phase-2 subsample; the 2025 edition in the field at day 30). Does nothing to a database that has accounts.") { withoutFieldwork };
        seed.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var services = new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse));
            services.AddSingleton<SampleDrawJob>();
            services.AddSingleton<SeasonSimulator>();
            services.AddSingleton<Phase2DrawJob>();
            services.AddSingleton<ResponseSimulator>();
            services.AddSingleton(_ => new QuestionnaireLibrary(QuestionnaireLibrary.DefaultFolder(Environment.GetEnvironmentVariable(QuestionnaireLibrary.FolderVariable))));
            services.AddSingleton<DemoSeeder>();
            await using var provider = services.BuildServiceProvider();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var seeder = provider.GetRequiredService<DemoSeeder>();
            seeder.SimulateFieldwork = !parse.GetValue(withoutFieldwork);
            seeder.Progress = (phase, took) => Console.WriteLine($"  {phase}: {took.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)} s");
            var seeded = await seeder.RunAsync(ct);
            var took = watch.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine(!seeded ? "Database already has data: demo seed skipped."
                : seeder.SimulateFieldwork
                    ? $"Demo data seeded in {took} s: one account per role; edition {DemoSeeder.DemoEditionYear} with a 200,000-person sample, its finished season (closed), the respondents' answers and a phase-2 subsample with its module answers; edition {DemoSeeder.InFieldEditionYear} with its own sample, in the field at day {DemoSeeder.InFieldDay} of 70, with the answers so far."
                    : $"Demo data seeded in {took} s: one account per role, edition {DemoSeeder.DemoEditionYear} with a 200,000-person sample (no fieldwork).");
            return 0;
        }));

        var accounts = new Command("accounts", "Print the demo sign-ins (user, password, role).");
        accounts.SetAction(_ =>
        {
            foreach (var (userName, _, password, role) in DemoAccounts.All)
            {
                Console.WriteLine($"  {role,-15} {userName,-13} {password}");
            }
        });

        var demo = new Command("demo", "Demo data for trying the product.");
        demo.Add(seed);
        demo.Add(accounts);
        return demo;
    }
}
