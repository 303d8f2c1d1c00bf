using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Audit;
using VictimSurvey.Data.Departments;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Data.Status;
using VictimSurvey.Data.Weighting;

namespace VictimSurvey.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// One singleton <see cref="NpgsqlDataSource"/>; stores are singletons too, since they hold no
    /// connection (each operation opens and returns one from the pool).
    /// </summary>
    public static IServiceCollection AddVictimSurveyData(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => DataSourceFactory.Create(connectionString));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccountStore>();
        services.AddSingleton<StatusStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<DepartmentStore>();
        services.AddSingleton<EditionStore>();
        services.AddSingleton<SampleStore>();
        services.AddSingleton<SampleLoader>();
        services.AddSingleton<ProtocolStore>();
        services.AddSingleton<CaseEventStore>();
        services.AddSingleton<CaseStateStore>();
        services.AddSingleton<FieldworkMonitorStore>();
        services.AddSingleton<SimulationStore>();
        services.AddSingleton<WeightingRunStore>();
        services.AddSingleton<WeightingRunResultStore>();
        services.AddSingleton<RunInputStore>();
        services.AddSingleton<ResponseStore>();
        services.AddSingleton<CompletedCaseStore>();
        services.AddSingleton<ReleaseStore>();
        return services;
    }
}
