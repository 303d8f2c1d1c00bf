using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Jobs.Infrastructure;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// A standalone Hangfire server on the same PostgreSQL storage as the back office: the way to add
/// machines when one is not enough. It takes any job any other server could take.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var queues = new Option<string[]>("--queue", "-q")
        {
            Description = "queue to take jobs from, repeatable (default: all: " + string.Join(", ", JobQueues.All) + ")",
        };
        var workers = new Option<int?>("--workers") { Description = "parallel jobs on this machine (default: number of cores, at least 2)" };
        var command = new Command("worker", "Run a Hangfire job server on the database until Ctrl-C.") { queues, workers };
        command.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var connectionString = CommonOptions.ConnectionString(parse);
            var unknown = (parse.GetValue(queues) ?? []).Where(q => !JobQueues.All.Contains(q)).ToList();
            if (unknown.Count > 0)
            {
                throw new CliException($"unknown queue(s) {string.Join(", ", unknown)}; known: {string.Join(", ", JobQueues.All)}");
            }

            if (parse.GetValue(workers) is < 1)
            {
                throw new CliException("--workers must be at least 1");
            }

            await Migrator.MigrateAsync(connectionString, null, ct);
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddVictimSurveyJobs(connectionString);
            builder.Services.AddVictimSurveyJobServer($"worker:{Environment.MachineName}", parse.GetValue(queues), parse.GetValue(workers));
            using var host = builder.Build();
            Console.WriteLine("Worker started; Ctrl-C to stop.");
            await host.RunAsync(ct);
            return 0;
        }));
        return command;
    }
}
