namespace VictimSurvey.Data.Fieldwork;

/// <summary>The collection modes a response can come from (the <c>response.mode</c> check).</summary>
public static class ResponseModes
{
    public const string Web = "web";
    public const string Paper = "paper";
    public const string Phone = "phone";

    public static IReadOnlyList<string> All { get; } = [Web, Paper, Phone];

    public static bool IsKnown(string mode) => All.Contains(mode, StringComparer.Ordinal);
}

/// <summary>
/// One questionnaire answered by one case (<c>sample_person.id</c>) in one mode. <paramref name="Answers"/>
/// are the raw answers (question id → text as the ResponseValidator reads it); null or blank answers are not stored.
/// </summary>
public sealed record NewResponse(
    long CaseId,
    string QuestionnaireId,
    string QuestionnaireVersion,
    string Mode,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    IReadOnlyDictionary<string, string?> Answers);

/// <summary>One problem of a response file's row: data row (1 = first row or object), file line, field, what is wrong. Row 0 = the whole file.</summary>
public sealed record ResponseRowProblem(int Row, int Line, string Field, string Message)
{
    public override string ToString() => Row == 0 ? $"{Field}: {Message}" : $"row {Row} (line {Line}), {Field}: {Message}";
}

/// <summary>
/// A checked row of a response file: the response to store when <see cref="Problems"/> is empty, else
/// the row goes to quarantine. <see cref="RawJson"/> is the row as given (a JSON object).
/// </summary>
public sealed record ResponseFileRow(int Row, int Line, string? CaseReference, string RawJson, NewResponse? Response, IReadOnlyList<ResponseRowProblem> Problems);

/// <summary>A row put aside, with every problem found.</summary>
public sealed record QuarantinedRow(int Row, int Line, string? CaseReference, IReadOnlyList<ResponseRowProblem> Problems);

/// <summary>What a file load wrote: the file row, the responses stored and the rows quarantined.</summary>
public sealed record ResponseFileLoad(long FileId, int Stored, IReadOnlyList<QuarantinedRow> Quarantined);

/// <summary>A response file of an edition, with its counts (back office, idempotence check).</summary>
public sealed record ResponseFileSummary
{
    public long Id { get; init; }
    public string Mode { get; init; } = "";
    public string FileName { get; init; } = "";
    public string Format { get; init; } = "";
    public int RowCount { get; init; }
    public int Stored { get; init; }
    public int Quarantined { get; init; }
    public DateTimeOffset LoadedAt { get; init; }
    public string LoadedBy { get; init; } = "";
}

/// <summary>A quarantined row for the back office: which file, where, the case as given, the row as given and its problems.</summary>
public sealed record QuarantineEntry(
    long FileId, string FileName, string Mode, int Row, int Line, string? CaseReference, string Raw, IReadOnlyList<QuarantineProblem> Problems);

/// <summary>One problem of a quarantined row as stored: the field (column, answer's question id or <c>file</c>) and why.</summary>
public sealed record QuarantineProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Stored responses of an edition by mode and questionnaire.</summary>
public sealed record ResponseCount
{
    public string Mode { get; init; } = "";
    public string QuestionnaireId { get; init; } = "";
    public string QuestionnaireVersion { get; init; } = "";
    public long Responses { get; init; }
}

/// <summary>The same file (same SHA-256) was loaded before for the edition, or is being loaded by another import right now.</summary>
public sealed class DuplicateResponseFileException(ResponseFileSummary? existing)
    : Exception(existing is null
        ? "this file is being loaded by another import"
        : $"this file was already loaded as {existing.Mode} response file {existing.Id} ({existing.FileName})")
{
    public ResponseFileSummary? Existing { get; } = existing;
}
