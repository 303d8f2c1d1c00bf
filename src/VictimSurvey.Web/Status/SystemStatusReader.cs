using Hangfire;
using VictimSurvey.Data.Status;

namespace VictimSurvey.Web.Status;

public sealed record JobServerStatus(string Name, IReadOnlyList<string> Queues, int Workers, DateTimeOffset? Heartbeat);

public sealed record JobQueueStatus(string Name, long Enqueued);

public sealed record JobsStatus(
    bool Reachable,
    IReadOnlyList<JobServerStatus> Servers,
    IReadOnlyList<JobQueueStatus> Queues,
    long Processing,
    long Succeeded,
    long Failed,
    string? Error);

public sealed record SystemStatus(DatabaseStatus Database, JobsStatus Jobs);

/// <summary>The home page's status panel: the database and the Hangfire servers and queues that share it.</summary>
public sealed class SystemStatusReader(StatusStore database, JobStorage jobStorage)
{
    public async Task<SystemStatus> ReadAsync(CancellationToken ct)
    {
        var db = await database.GetAsync(ct);
        return new SystemStatus(db, db.Reachable ? ReadJobs() : new JobsStatus(false, [], [], 0, 0, 0, "database unreachable"));
    }

    private JobsStatus ReadJobs()
    {
        try
        {
            var monitoring = jobStorage.GetMonitoringApi();
            var stats = monitoring.GetStatistics();
            var servers = monitoring.Servers()
                .Select(s => new JobServerStatus(s.Name, s.Queues.ToList(), s.WorkersCount, s.Heartbeat is { } h ? new DateTimeOffset(DateTime.SpecifyKind(h, DateTimeKind.Utc)) : null))
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .ToList();
            var queues = servers.SelectMany(s => s.Queues).Distinct(StringComparer.Ordinal)
                .Select(q => new JobQueueStatus(q, monitoring.EnqueuedCount(q)))
                .OrderBy(q => q.Name, StringComparer.Ordinal)
                .ToList();
            return new JobsStatus(true, servers, queues, stats.Processing, stats.Succeeded, stats.Failed, null);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            return new JobsStatus(false, [], [], 0, 0, 0, ex.Message);
        }
    }
}
