using VictimSurvey.Data.Fieldwork;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>What one step did on a run: communications created now (0 when already applied or not due).</summary>
public sealed record AppliedStep(ProtocolStep Step, DateOnly DueOn, bool Due, int Created);

/// <summary>
/// Executes an edition's contact protocol on a given day: every step whose day (season start + day
/// offset) has come is applied to the cases still open, one transaction per step
/// (<see cref="ProtocolStore.ApplyStepAsync"/>). A step is never applied twice to a case, so the job
/// can be retried, restarted or run twice at once: steps already done create nothing, and a step
/// missed on an earlier day (server down) is caught up. The edition's protocol is the VRS default
/// when none was defined.
/// </summary>
public sealed class ContactProtocolJob(ProtocolStore protocol)
{
    public async Task<IReadOnlyList<AppliedStep>> RunAsync(int editionYear, DateOnly today, CancellationToken ct)
    {
        var edition = await protocol.GetEditionAsync(editionYear, ct);
        if (edition.SeasonStart is not { } start)
        {
            throw new FieldworkException($"edition {editionYear} has no season start: day 0 of the protocol is unknown");
        }

        var steps = await protocol.GetOrDefaultStepsAsync(editionYear, ct);
        var results = new List<AppliedStep>(steps.Count);

        // The letters of a run are dated the run's day: they are posted that day, whenever in the day the job runs.
        var sentAt = FieldworkClock.StartOf(today);
        foreach (var step in steps)
        {
            var dueOn = start.AddDays(step.DayOffset);
            if (dueOn > today)
            {
                results.Add(new AppliedStep(step, dueOn, false, 0));
                continue;
            }

            var created = await protocol.ApplyStepAsync(edition.Id, step, Guid.NewGuid(), sentAt, ct);
            results.Add(new AppliedStep(step, dueOn, true, created));
        }

        return results;
    }
}
