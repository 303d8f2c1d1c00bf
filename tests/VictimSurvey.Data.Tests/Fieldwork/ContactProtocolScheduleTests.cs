using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using VictimSurvey.Core.Editions;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Tests.Accounts;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

/// <summary>The daily schedule enqueues the protocol only for editions in the field whose season is under way today (Paris).</summary>
[Collection(DatabaseCollection.Name)]
public sealed class ContactProtocolScheduleTests(DatabaseFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vs-schedule-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [DatabaseFact]
    public async Task Only_editions_in_the_field_whose_season_is_under_way_today_are_enqueued()
    {
        var services = new FieldworkServices(fixture.DataSource);
        var editions = new EditionStore(fixture.DataSource);
        var underWay = await services.EditionWithCasesAsync(1, folder);      // 2025-03-03 to 2025-07-31
        var over = await services.EditionWithCasesAsync(1, folder);
        var notYet = await services.EditionWithCasesAsync(1, folder);
        var planned = await services.EditionWithCasesAsync(1, folder);
        await services.Protocol.SetSeasonAsync(over, new DateOnly(2025, 1, 6), new DateOnly(2025, 3, 31), default);
        await services.Protocol.SetSeasonAsync(notYet, new DateOnly(2025, 4, 2), new DateOnly(2025, 6, 30), default);
        foreach (var year in new[] { underWay, over, notYet })
        {
            await editions.SetStatusAsync(year, EditionStatus.InField, default);
        }

        var jobs = new RecordingJobClient();
        // 2025-04-01 00:30 in Paris is still 2025-03-31 in UTC: the day is Paris's.
        var clock = new ManualClock(new DateTimeOffset(2025, 3, 31, 22, 30, 0, TimeSpan.Zero));
        await new ContactProtocolSchedule(editions, services.Protocol, jobs, clock).RunAsync(default);

        var enqueued = jobs.Created.Where(j => j.Type == typeof(ContactProtocolJob)).Select(j => ((int)j.Args[0]!, (DateOnly)j.Args[1]!)).ToList();
        Assert.Contains((underWay, new DateOnly(2025, 4, 1)), enqueued);
        Assert.DoesNotContain(enqueued, e => e.Item1 == over || e.Item1 == notYet || e.Item1 == planned);
        Assert.All(jobs.Created, j => Assert.Contains(j.Type, new[] { typeof(ContactProtocolJob), typeof(CaseStateRefreshJob) }));
        Assert.Equal(jobs.Created.Count(j => j.Type == typeof(ContactProtocolJob)), jobs.Created.Count(j => j.Type == typeof(CaseStateRefreshJob)));
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<Job> Created { get; } = [];

        public string Create(Job job, IState state)
        {
            Created.Add(job);
            return Created.Count.ToString(CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
