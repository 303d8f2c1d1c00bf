using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Data;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Jobs.Seeding;

namespace VictimSurvey.Cli.Commands;

internal static class DemoCommands
{
    public static Command Create()
    {
        var seed = new Command("seed", "Fill an empty database with the demo data (demo accounts, the 2024 edition and its 200,000-person sample). Does nothing to a database that has accounts.");
        seed.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var services = new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse));
            services.AddSingleton<SampleDrawJob>();
            services.AddSingleton<DemoSeeder>();
            await using var provider = services.BuildServiceProvider();
            var seeded = await provider.GetRequiredService<DemoSeeder>().RunAsync(ct);
            Console.WriteLine(seeded
                ? $"Demo data seeded: one account per role, edition {DemoSeeder.DemoEditionYear} with a 200,000-person sample."
                : "Database already has data: demo seed skipped.");
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
