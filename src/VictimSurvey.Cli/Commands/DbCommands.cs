using System.CommandLine;
using VictimSurvey.Data.Infrastructure;

namespace VictimSurvey.Cli.Commands;

internal static class DbCommands
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Create the database if needed and apply the pending migrations (a no-op when current).");
        migrate.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var applied = await Migrator.MigrateAsync(CommonOptions.ConnectionString(parse), null, ct);
            Console.WriteLine(applied.Count == 0
                ? $"Database schema is current ({Migrator.KnownScripts()[^1]})."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return 0;
        }));

        var db = new Command("db", "Database schema.");
        db.Add(migrate);
        return db;
    }
}
