using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VictimSurvey.Data;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Jobs.Seeding;
using VictimSurvey.Jobs.Weighting;

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
        services.AddSingleton<DemoRelease>();
        services.AddSingleton<EventBatchImport>();
        services.AddSingleton<ContactProtocolJob>();
        services.AddSingleton<CaseStateRefreshJob>();
        services.AddSingleton<ContactProtocolSchedule>();
        services.AddSingleton<SeasonSimulator>();
        services.AddSingleton<PreparedRuns>();
        services.AddSingleton<WeightingRunLauncher>();
        services.AddSingleton<WeightingRunJob>();
        services.AddSingleton<ReplicateChunkJob>();
        services.AddSingleton<WeightingRunExport>();
        services.AddSingleton<Releases.ReleaseExport>();
        services.AddSingleton<EditionSnapshot>();
        services.AddSingleton<ResponseSimulator>();
        services.AddSingleton<Phase2DrawJob>();
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
                    InvisibilityTimeout = TakeOverAfter(),
                    // A server killed while a job of its held the job's state lock leaves the lock row behind; the job
                    // can only be taken over once that lock is old enough to be removed (default 10 minutes).
                    DistributedLockTimeout = TakeOverAfter(),
                }));
        return services;
    }

    /// <summary>Names the seconds after which a job of a server that stopped answering is taken by another server.</summary>
    public const string TakeOverVariable = "VICTIMSURVEY_JOB_TAKEOVER_SECONDS";

    /// <summary>
    /// How long a job of a server that died stays claimed: 5 minutes, or the seconds in
    /// <see cref="TakeOverVariable"/> (at least 10; the claim of a live server is renewed in the background,
    /// so a short value only makes a dead server's work come back sooner).
    /// </summary>
    private static TimeSpan TakeOverAfter() =>
        int.TryParse(Environment.GetEnvironmentVariable(TakeOverVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Max(10, seconds))
            : TimeSpan.FromMinutes(5);

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
