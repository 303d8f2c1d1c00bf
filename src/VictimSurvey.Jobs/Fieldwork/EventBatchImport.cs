using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Fieldwork;

public sealed record EventImportResult(int EditionYear, long BatchId, int Events, TimeSpan Reading, TimeSpan Loading);

/// <summary>
/// Loads a contractor's event file into an edition: the whole file is checked first (every row,
/// <see cref="EventCsv"/>, and the file itself: the same bytes already loaded), every problem is
/// reported with its row and field, and only a file without a single problem is loaded — the batch
/// row and all events by binary COPY in one transaction. Re-running the same file is refused and
/// changes nothing.
/// </summary>
public sealed class EventBatchImport(ProtocolStore protocol, CaseEventStore events)
{
    public async Task<EventImportResult> RunAsync(string path, int editionYear, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var edition = await protocol.GetEditionAsync(editionYear, ct);
        if (edition.SeasonStart is not { } start || edition.SeasonEnd is not { } end)
        {
            throw new FieldworkException($"edition {editionYear} has no season dates: set them first (victimsurvey fieldwork season --edition {editionYear} --start … --end …)");
        }

        if (!File.Exists(path))
        {
            throw new InputFileException($"{path}: file not found.");
        }

        var sha256 = await Sha256Async(path, ct);
        // A file already loaded is reported alone and at once: its rows were checked when it was loaded.
        if (await events.FindBatchAsync(edition.Id, sha256, ct) is { } loaded)
        {
            throw new EventImportException(path, [new EventProblem(0, 0, "file", string.Create(CultureInfo.InvariantCulture,
                $"already loaded as batch {loaded.Id} ({loaded.FileName}, {loaded.RowCount} events, {loaded.LoadedAt:yyyy-MM-dd HH:mm} UTC); nothing to do"))]);
        }

        var problems = new List<EventProblem>();
        var table = CsvReader.Read(path);
        var caseIds = await events.CaseIdsAsync(edition.Id, ct);
        var (rows, rowProblems) = EventCsv.Read(
            table, caseIds, editionYear, FieldworkClock.StartOf(start), FieldworkClock.StartOf(end.AddDays(1)), $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}");
        problems.AddRange(rowProblems);
        if (problems.Count > 0)
        {
            throw new EventImportException(path, problems);
        }

        if (rows.Count == 0)
        {
            throw new InputFileException($"{path}: no rows after the header.");
        }

        var reading = watch.Elapsed;
        long batchId;
        try
        {
            batchId = await events.LoadBatchAsync(edition.Id, Path.GetFileName(path), sha256, rows, ct);
        }
        catch (DuplicateEventBatchException ex)
        {
            throw new EventImportException(path, [new EventProblem(0, 0, "file", ex.Message + "; nothing to do")]);
        }

        return new EventImportResult(editionYear, batchId, rows.Count, reading, watch.Elapsed - reading);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
