using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VictimSurvey.Data;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Jobs.Seeding;

namespace VictimSurvey.Jobs.Infrastructure;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Hangfire schema inside our database, so one PostgreSQL server holds everything.</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// The data layer, the job classes, and Hangfire's PostgreSQL storage (client side: enqueueing and
    /// monitoring). Servers that execute jobs are added with <see cref="AddVictimSurveyJobServer"/>.
    /// </summary>
    public static IServiceCollection AddVictimSurveyJobs(this IServiceCollection services, string connectionString)
    {
        services.AddVictimSurveyData(connectionString);
        services.AddSingleton<SampleDrawJob>();
        services.AddSingleton<SampleImportJob>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<EventBatchImport>();
        services.AddSingleton<ContactProtocolJob>();
        services.AddSingleton<CaseStateRefreshJob>();
        services.AddSingleton<ContactProtocolSchedule>();
        services.AddSingleton<SeasonSimulator>();
        services.AddSingleton<ResponseFileImport>();
        // The questionnaires the response import validates against; a host may register its own folder (the web app does).
        services.TryAddSingleton(_ => new QuestionnaireLibrary(QuestionnaireLibrary.DefaultFolder(Environment.GetEnvironmentVariable(QuestionnaireLibrary.FolderVariable))));

        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                options => options.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = HangfireSchema,
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    // A running job keeps its claim fresh in the background (sliding timeout): a long weighting run is
                    // never handed to a second server while the first still works on it, and a job of a server that
                    // died is taken over by another within minutes, not hours.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                }));
        return services;
    }

    /// <summary>A Hangfire server in this process, taking jobs from the given queues (all by default).</summary>
    public static IServiceCollection AddVictimSurveyJobServer(this IServiceCollection services, string serverName, IReadOnlyList<string>? queues = null, int? workerCount = null)
    {
        services.AddHangfireServer(options =>
        {
            options.ServerName = serverName;
            options.Queues = (queues is { Count: > 0 } ? queues : JobQueues.All).ToArray();
            options.WorkerCount = workerCount ?? Math.Max(2, Environment.ProcessorCount);
        });
        return services;
    }
}
