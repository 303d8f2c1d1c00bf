using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Data.Fieldwork;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>What a simulation wrote: days played, contractor batches loaded (or found already loaded), events, communications.</summary>
public sealed record SeasonSimulationResult(int EditionYear, int UntilDay, int BatchesLoaded, int BatchesSkipped, long Events, long Communications, TimeSpan Generating, TimeSpan Writing);

/// <summary>
/// Plays a simulated season (<see cref="SeasonSimulation"/>) into an edition, day by day, the way the
/// real season fills the tables: on each day, the protocol steps due that day go through
/// <see cref="ProtocolStore.ApplyStepAsync"/> (communications and their <c>communication_sent</c> events,
/// to the cases the database finds open), then the contractors' events of that day are loaded as one
/// batch through <see cref="CaseEventStore.LoadBatchAsync"/> (binary COPY, one transaction). A day's
/// batch is identified by the SHA-256 of "season-simulator|year|seed|day", so running again (to the
/// same day or further) skips the days already loaded and the protocol creates nothing twice; an
/// edition already simulated with another seed is refused (two seasons would be mixed).
/// The demo uses the edition's year as the seed, and so does the CLI by default.
/// </summary>
/// <remarks>
/// Given a <see cref="CaseStateStore"/> (as the service provider does), the simulation ends with a
/// refresh of the edition's case states, so that a seeded demo opens on fresh monitoring figures;
/// without one the marks wait for the monitoring or the background job.
/// </remarks>
public sealed class SeasonSimulator(ProtocolStore protocol, CaseEventStore events, SimulationStore simulation, CaseStateStore? caseState = null)
{
    public SeasonSimulationParameters Parameters { get; init; } = new();

    /// <param name="untilDay">the last day (0 = season start) to play; null for the whole season.</param>
    public async Task<SeasonSimulationResult> RunAsync(int editionYear, int? untilDay, int seed, CancellationToken ct)
    {
        var edition = await protocol.GetEditionAsync(editionYear, ct);
        if (edition.SeasonStart is not { } start || edition.SeasonEnd is not { } end)
        {
            throw new FieldworkException($"edition {editionYear} has no season: set it first (victimsurvey fieldwork season)");
        }

        var lastDay = end.DayNumber - start.DayNumber;
        if (untilDay is < 0)
        {
            throw new FieldworkException($"day {untilDay} is before the season starts");
        }

        var until = Math.Min(untilDay ?? lastDay, lastDay);
        var hashes = Enumerable.Range(0, lastDay + 1).Select(day => BatchHash(editionYear, seed, day)).ToList();
        var earlier = await simulation.SimulatedBatchHashesAsync(edition.Id, ct);
        if (earlier.Except(hashes, StringComparer.Ordinal).Any())
        {
            throw new FieldworkException($"edition {editionYear} was already simulated with another seed; simulate it with the same seed (the demo uses the edition's year) or start from an empty edition");
        }

        var watch = Stopwatch.StartNew();
        var steps = await protocol.GetOrDefaultStepsAsync(editionYear, ct);
        var cases = await simulation.CasesAsync(edition.Id, ct);
        var season = SeasonSimulation.Generate(cases, start, end, steps, seed, Parameters, until);
        var byDay = season
            .Where(e => e.Type != CaseEventTypes.CommunicationSent)
            .GroupBy(e => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.At, FieldworkClock.Paris).DateTime).DayNumber - start.DayNumber)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CaseEvent>)g.ToList());
        var generating = watch.Elapsed;

        watch.Restart();
        int loaded = 0, skipped = 0;
        long written = 0, communications = 0;
        for (var day = 0; day <= until; day++)
        {
            var date = start.AddDays(day);
            foreach (var step in steps.Where(s => s.DayOffset == day && s.Target != ProtocolTargets.Close))
            {
                communications += await protocol.ApplyStepAsync(edition.Id, step, Guid.NewGuid(), FieldworkClock.StartOf(date), ct);
            }

            if (!byDay.TryGetValue(day, out var batch))
            {
                continue;
            }

            var sha = hashes[day];
            if (await events.FindBatchAsync(edition.Id, sha, ct) is not null)
            {
                skipped++;
                continue;
            }

            await events.LoadBatchAsync(edition.Id, string.Create(CultureInfo.InvariantCulture, $"simulated-{editionYear}-day{day:00}-{date:yyyy-MM-dd}.csv"), sha, batch, ct);
            loaded++;
            written += batch.Count;
        }

        if (caseState is not null)
        {
            await caseState.RefreshAsync(edition.Id, ct);
        }

        return new SeasonSimulationResult(editionYear, until, loaded, skipped, written, communications, generating, watch.Elapsed);
    }

    private static string BatchHash(int year, int seed, int day) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"season-simulator|{year}|{seed}|{day}"))));
}
