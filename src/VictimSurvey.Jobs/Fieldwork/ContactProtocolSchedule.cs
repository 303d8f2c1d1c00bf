using Hangfire;
using VictimSurvey.Core.Editions;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Infrastructure;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// The daily Hangfire entry of the contact protocol. It only decides what to run: one
/// <see cref="ContactProtocolJob"/> per edition in the field, enqueued with its ids (edition year,
/// day) as arguments, so a retry of that job reruns exactly the same day. Editions that go into
/// the field later are picked up the next morning without re-registering anything. An edition whose
/// season has not started or is over is left alone: past its end no step is due any more (and a
/// simulated past season, as in the demo, must not get real-date contacts). Each run is followed by a
/// <see cref="CaseStateRefreshJob"/> for the edition (a Hangfire continuation).
/// </summary>
public sealed class ContactProtocolSchedule(EditionStore editions, ProtocolStore protocol, IBackgroundJobClient jobs, TimeProvider time)
{
    public const string RecurringJobId = "fieldwork-contact-protocol";

    public static void Register(IRecurringJobManager recurring) =>
        recurring.AddOrUpdate<ContactProtocolSchedule>(
            RecurringJobId,
            JobQueues.Default,
            schedule => schedule.RunAsync(CancellationToken.None),
            Cron.Daily(6),
            new RecurringJobOptions { TimeZone = FieldworkClock.Paris });

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = FieldworkClock.Today(time);
        var inField = (await editions.ListAsync(ct)).Where(e => e.Status == EditionStatus.InField).ToList();
        var enqueued = 0;
        foreach (var edition in inField)
        {
            var season = await protocol.GetEditionAsync(edition.Year, ct);
            if (season.SeasonStart is not { } start || season.SeasonEnd is not { } end || today < start || today > end)
            {
                continue;
            }

            var year = edition.Year;
            var run = jobs.Enqueue<ContactProtocolJob>(JobQueues.Default, job => job.RunAsync(year, today, CancellationToken.None));
            // The steps' communication_sent events made their cases dirty: refresh the case states once the run is done.
            jobs.ContinueJobWith<CaseStateRefreshJob>(run, job => job.RunAsync(year, CancellationToken.None));
            enqueued++;
        }

        return enqueued;
    }
}
