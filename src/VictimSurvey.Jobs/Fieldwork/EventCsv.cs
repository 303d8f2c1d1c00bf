using System.Globalization;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>One problem of an event file: data row (1 = first row after the header), file line, column, what is wrong. Row 0 = the whole file.</summary>
public sealed record EventProblem(int Row, int Line, string Field, string Message)
{
    public override string ToString() => Row == 0 ? $"{Field}: {Message}" : $"row {Row} (line {Line}), {Field}: {Message}";
}

/// <summary>An event file with problems; every problem is listed, and nothing was loaded.</summary>
public sealed class EventImportException(string source, IReadOnlyList<EventProblem> problems)
    : Exception($"{source}: {problems.Count} problem(s), nothing loaded:{Environment.NewLine}"
                + string.Join(Environment.NewLine, problems.Take(MessageLimit).Select(p => "  " + p))
                + (problems.Count > MessageLimit ? $"{Environment.NewLine}  … and {problems.Count - MessageLimit} more" : ""))
{
    private const int MessageLimit = 200;

    public IReadOnlyList<EventProblem> Problems { get; } = problems;
}

/// <summary>
/// Reads the collection contractor's event file (RFC 4180 CSV, UTF-8) and checks every row.
/// Columns (any order): case_id (the sample person's pseudonymous id), event_type (Core/Fieldwork/
/// CaseEventTypes), event_time (ISO 8601 with an offset or Z, e.g. 2025-03-12T14:05:00+01:00),
/// mode (FieldworkModes), source (who reports it, e.g. the contractor's system name).
/// </summary>
public static class EventCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["case_id", "event_type", "event_time", "mode", "source"];

    public const int MaxSourceLength = 100;

    private static readonly HashSet<string> KnownTypes = new(CaseEventTypes.All, StringComparer.Ordinal);
    private static readonly HashSet<string> KnownModes = new(FieldworkModes.All, StringComparer.Ordinal);

    // An offset is required: a time without one means a different instant in winter and summer.
    private static readonly string[] OffsetFormats = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz"];
    private static readonly string[] UtcFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm'Z'"];

    /// <summary>
    /// Checks every row; returns the events, or the problems (then no event). Times must fall in
    /// [<paramref name="seasonFrom"/>, <paramref name="seasonTo"/>).
    /// </summary>
    public static (List<CaseEvent> Events, List<EventProblem> Problems) Read(
        CsvTable table, IReadOnlyDictionary<string, long> caseIds, int editionYear, DateTimeOffset seasonFrom, DateTimeOffset seasonTo, string seasonText)
    {
        var missing = Columns.Where(c => table.ColumnIndex(c) < 0).ToList();
        if (missing.Count > 0)
        {
            throw new InputFileException($"{table.Source}, line 1: missing column(s) {string.Join(", ", missing)} (expected {string.Join(", ", Columns)})");
        }

        int caseColumn = table.ColumnIndex("case_id"), typeColumn = table.ColumnIndex("event_type"), timeColumn = table.ColumnIndex("event_time");
        int modeColumn = table.ColumnIndex("mode"), sourceColumn = table.ColumnIndex("source");
        var problems = new List<EventProblem>();
        var events = new List<CaseEvent>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var fields = table.Rows[r];
            var before = problems.Count;
            void Problem(string field, string message) => problems.Add(new EventProblem(r + 1, table.Lines[r], field, message));

            var caseText = fields[caseColumn].Trim();
            long caseId = 0;
            if (caseText.Length == 0)
            {
                Problem("case_id", "missing");
            }
            else if (!caseIds.TryGetValue(caseText, out caseId))
            {
                Problem("case_id", $"unknown case '{caseText}' in edition {editionYear}");
            }

            var type = fields[typeColumn].Trim();
            if (type.Length == 0)
            {
                Problem("event_type", "missing");
            }
            else if (!KnownTypes.Contains(type))
            {
                Problem("event_type", $"unknown event type '{type}'");
            }

            var timeText = fields[timeColumn].Trim();
            var at = default(DateTimeOffset);
            if (timeText.Length == 0)
            {
                Problem("event_time", "missing");
            }
            else if (!TryParseTime(timeText, out at))
            {
                Problem("event_time", $"bad time '{timeText}' (expected ISO 8601 with an offset, e.g. 2025-03-12T14:05:00+01:00 or 2025-03-12T13:05:00Z)");
            }
            else if (at < seasonFrom || at >= seasonTo)
            {
                Problem("event_time", $"{timeText} is outside the season of edition {editionYear} ({seasonText})");
            }

            var mode = fields[modeColumn].Trim();
            if (mode.Length == 0)
            {
                Problem("mode", "missing");
            }
            else if (!KnownModes.Contains(mode))
            {
                Problem("mode", $"unknown mode '{mode}' (one of {string.Join(", ", FieldworkModes.All)})");
            }

            var source = fields[sourceColumn].Trim();
            if (source.Length == 0)
            {
                Problem("source", "missing");
            }
            else if (source.Length > MaxSourceLength)
            {
                Problem("source", $"longer than {MaxSourceLength} characters");
            }

            if (problems.Count == before)
            {
                events.Add(new CaseEvent(caseId, type, at, mode, source));
            }
        }

        if (problems.Count > 0)
        {
            events.Clear();
        }

        return (events, problems);
    }

    public static bool TryParseTime(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out at)
        || DateTimeOffset.TryParseExact(text, UtcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
}
