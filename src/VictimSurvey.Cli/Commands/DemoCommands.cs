using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Jobs.Infrastructure;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Jobs.Seeding;
using VictimSurvey.Data.Weighting;

namespace VictimSurvey.Cli.Commands;

internal static class DemoCommands
{
    public static Command Create()
    {
        var withoutFieldwork = new Option<bool>("--without-fieldwork") { Description = "seed the accounts and the 2024 sample only: no simulated seasons, answers or phase 2 (seconds instead of about a minute)" };
        var seed = new Command("seed", "Fill an empty database with the demo data (demo accounts; the 2024 edition, its 200,000-person sample, its simulated season, answers and phase-2 subsample, weighted, approved and released; the 2025 edition in the field at day 30). Does nothing to a database that has accounts.") { withoutFieldwork };
        seed.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var connectionString = CommonOptions.ConnectionString(parse);
            var builder = Host.CreateApplicationBuilder();
            // Hangfire's start-up and shutdown lines would drown the seed's phases.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddVictimSurveyJobs(connectionString);
            // The seed ends with a weighting run of 2024: a job server in this process takes its jobs (and any
            // other server of the database may share them), since the back office is not started yet.
            builder.Services.AddVictimSurveyJobServer($"demo-seed:{Environment.MachineName}:{Environment.ProcessId}", [JobQueues.Weighting]);
            using var host = builder.Build();
            if (await host.Services.GetRequiredService<AccountStore>().AnyAsync(ct))
            {
                Console.WriteLine("Database already has data: demo seed skipped.");
                return 0;
            }

            // The job server only for the run at the end (not for a seed without fieldwork, which has no respondents).
            var simulate = !parse.GetValue(withoutFieldwork);
            if (simulate)
            {
                await host.StartAsync(ct);
            }

            try
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var seeder = host.Services.GetRequiredService<DemoSeeder>();
                seeder.SimulateFieldwork = simulate;
                seeder.Release = simulate ? host.Services.GetRequiredService<DemoRelease>() : null;
                seeder.Progress = (phase, took) => Console.WriteLine($"  {phase}: {took.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)} s");
                var seeded = await seeder.RunAsync(ct);
                var took = watch.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
                Console.WriteLine(!seeded ? "Database already has data: demo seed skipped."
                    : simulate
                        ? $"Demo data seeded in {took} s: one account per role; edition {DemoSeeder.DemoEditionYear} with a 200,000-person sample, its finished season (closed), the respondents' answers and a phase-2 subsample with its module answers, weighted, approved and released; edition {DemoSeeder.InFieldEditionYear} with its own sample, in the field at day {DemoSeeder.InFieldDay} of 70, with the answers so far."
                        : $"Demo data seeded in {took} s: one account per role, edition {DemoSeeder.DemoEditionYear} with a 200,000-person sample (no fieldwork).");
                return 0;
            }
            catch (WeightingRunException ex)
            {
                throw new CliException("demo seed: " + ex.Message);
            }
            finally
            {
                if (simulate)
                {
                    await host.StopAsync(CancellationToken.None);
                }
            }
        }));

        var accounts = new Command("accounts", "Print the demo sign-ins (user, password, role).");
        accounts.SetAction(_ =>
        {
            foreach (var (userName, _, password, role) in DemoAccounts.All)
            {
                Console.WriteLine($"  {role,-15} {userName,-13} {password}");
            }
        });

        var margins = new Command("margins", "Print the demo edition's calibration margins (weighting-specs/vrs-2024-margins.csv): the frame's department populations, and sex × age group and diploma totals from the demo sample's shares.");
        margins.SetAction(_ => Console.Write(DemoPopulationMargins.Csv(ApproximateAdultPopulation.VrsCoverage)));

        var demo = new Command("demo", "Demo data for trying the product.");
        demo.Add(seed);
        demo.Add(accounts);
        demo.Add(margins);
        return demo;
    }
}
