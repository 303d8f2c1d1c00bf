using Hangfire;
using VictimSurvey.Core.Editions;
using VictimSurvey.Data.Editions;
using VictimSurvey.Jobs.Infrastructure;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// The daily Hangfire entry of the contact protocol. It only decides what to run: one
/// <see cref="ContactProtocolJob"/> per edition in the field, enqueued with its ids (edition year,
/// day) as arguments, so a retry of that job reruns exactly the same day. Editions that go into
/// the field later are picked up the next morning without re-registering anything.
/// </summary>
public sealed class ContactProtocolSchedule(EditionStore editions, IBackgroundJobClient jobs, TimeProvider time)
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
        foreach (var edition in inField)
        {
            var year = edition.Year;
            jobs.Enqueue<ContactProtocolJob>(JobQueues.Default, job => job.RunAsync(year, today, CancellationToken.None));
        }

        return inField.Count;
    }
}
