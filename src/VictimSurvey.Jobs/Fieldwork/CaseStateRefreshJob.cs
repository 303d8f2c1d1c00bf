using Hangfire;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Infrastructure;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// Brings an edition's <c>case_state</c> up to date (<see cref="CaseStateStore.RefreshAsync"/>): the
/// cases marked dirty by event imports and protocol steps are recomputed from their events. Enqueued
/// after each event upload and as a continuation of each contact protocol run, with the edition year
/// as its only argument. Idempotent and safe to run anywhere and twice at once: marks are claimed in
/// the refresh's own transactions, under an advisory lock on the edition, so a second run waits and
/// then finds nothing (or only newer marks) left; with nothing dirty it writes nothing. The monitoring
/// page does the same refresh itself when it finds dirty cases, so this job only spares the page's
/// first load after a change.
/// </summary>
public sealed class CaseStateRefreshJob(CaseStateStore caseState)
{
    /// <summary>Enqueues the refresh of the edition (any server takes it).</summary>
    public static string Enqueue(IBackgroundJobClient jobs, int editionYear) =>
        jobs.Enqueue<CaseStateRefreshJob>(JobQueues.Default, job => job.RunAsync(editionYear, CancellationToken.None));

    /// <exception cref="FieldworkException">No such edition.</exception>
    public async Task<CaseStateRefreshResult> RunAsync(int editionYear, CancellationToken ct)
    {
        var editionId = await caseState.EditionIdAsync(editionYear, ct) ?? throw new FieldworkException($"edition {editionYear} does not exist");
        return await caseState.RefreshAsync(editionId, ct);
    }
}
