using System.Text.Json;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// One record of a response file as written, before any check against the edition: the row (1 = first
/// data row or array element), the file line it starts on, the row as a JSON object (for the
/// quarantine), the five fixed fields as text (null when absent or blank), the answers normalised to
/// the ResponseValidator's raw text, and the problems of the record's shape (a JSON value that cannot
/// be an answer, an unknown property, …), each as (field, message).
/// </summary>
public sealed record ResponseRecord(
    int Row,
    int Line,
    string RawJson,
    string? CaseId,
    string? QuestionnaireId,
    string? QuestionnaireVersion,
    string? StartedAt,
    string? CompletedAt,
    IReadOnlyDictionary<string, string?> Answers,
    IReadOnlyList<(string Field, string Message)> ShapeProblems);

/// <summary>A response file read whole: its format (<c>csv</c> or <c>json</c>) and its records.</summary>
public sealed record ResponseFileContent(string Format, IReadOnlyList<ResponseRecord> Records);

/// <summary>
/// Reads a collection system's response file, CSV or JSON by its extension (format in
/// docs/methodology/fieldwork-data.md, "Responses"). Whole-file errors (unreadable CSV or JSON, a
/// missing column, not an array, an unknown extension) throw <see cref="InputFileException"/> naming
/// the file and line; anything wrong inside a record is left to the import, which quarantines the row.
/// </summary>
public static class ResponseFile
{
    public const string CaseId = "case_id";
    public const string QuestionnaireId = "questionnaire_id";
    public const string QuestionnaireVersion = "questionnaire_version";
    public const string StartedAt = "started_at";
    public const string CompletedAt = "completed_at";
    public const string AnswersProperty = "answers";

    /// <summary>The fixed columns of a CSV file (any order); every other column is a question id.</summary>
    public static IReadOnlyList<string> Columns { get; } = [CaseId, QuestionnaireId, QuestionnaireVersion, StartedAt, CompletedAt];

    public static ResponseFileContent Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException($"{path}: file not found.");
        }

        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" => new ResponseFileContent("csv", ReadCsv(CsvReader.Read(path))),
            ".JSON" => new ResponseFileContent("json", ReadJson(path, WithoutByteOrderMark(File.ReadAllBytes(path)))),
            _ => throw new InputFileException($"{path}: unknown file type '{Path.GetExtension(path)}' (a response file is .csv or .json)."),
        };
    }

    /// <summary>Fixed columns required; one column per question id; multiple choice codes separated by ';' as the validator reads them.</summary>
    public static IReadOnlyList<ResponseRecord> ReadCsv(CsvTable table)
    {
        var missing = Columns.Where(c => table.ColumnIndex(c) < 0).ToList();
        if (missing.Count > 0)
        {
            throw new InputFileException($"{table.Source}, line 1: missing column(s) {string.Join(", ", missing)} (expected {string.Join(", ", Columns)}, then one column per question id)");
        }

        var fixedIndex = Columns.Select(table.ColumnIndex).ToArray();
        var questions = Enumerable.Range(0, table.Header.Count).Where(i => !fixedIndex.Contains(i)).ToArray();
        var records = new List<ResponseRecord>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var fields = table.Rows[r];
            string? Value(int column) => string.IsNullOrWhiteSpace(fields[column]) ? null : fields[column].Trim();
            var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var q in questions)
            {
                answers[table.Header[q]] = Value(q);
            }

            var raw = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < table.Header.Count; c++)
            {
                raw[table.Header[c]] = fields[c];
            }

            records.Add(new ResponseRecord(r + 1, table.Lines[r], JsonSerializer.Serialize(raw),
                Value(fixedIndex[0]), Value(fixedIndex[1]), Value(fixedIndex[2]), Value(fixedIndex[3]), Value(fixedIndex[4]), answers, []));
        }

        return records;
    }

    /// <summary>An array of objects {case_id, questionnaire_id, questionnaire_version, started_at, completed_at, answers: {question: value}}.</summary>
    public static IReadOnlyList<ResponseRecord> ReadJson(string source, byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InputFileException($"{source}, line {(ex.LineNumber ?? 0) + 1}: not valid JSON ({FirstSentence(ex.Message)})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InputFileException($"{source}, line 1: a response file in JSON is an array of objects, not {Kind(document.RootElement.ValueKind)}");
            }

            var lines = ElementLines(bytes);
            var records = new List<ResponseRecord>(document.RootElement.GetArrayLength());
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                records.Add(Record(index + 1, index < lines.Count ? lines[index] : 0, element));
                index++;
            }

            return records;
        }
    }

    private static ResponseRecord Record(int row, int line, JsonElement element)
    {
        var problems = new List<(string Field, string Message)>();
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        var fixedValues = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(("row", $"{Kind(element.ValueKind)} where an object is expected"));
            return new ResponseRecord(row, line, element.GetRawText(), null, null, null, null, null, answers, problems);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                problems.Add((property.Name, "appears twice in the object"));
                continue;
            }

            if (property.Name == AnswersProperty)
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    ReadAnswers(property.Value, answers, problems);
                }
                else
                {
                    problems.Add((AnswersProperty, $"{Kind(property.Value.ValueKind)} where an object {{question: value}} is expected"));
                }
            }
            else if (Columns.Contains(property.Name, StringComparer.Ordinal))
            {
                fixedValues[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => string.IsNullOrWhiteSpace(property.Value.GetString()) ? null : property.Value.GetString()!.Trim(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => Bad(property.Name, $"{Kind(property.Value.ValueKind)} where a string is expected"),
                };
            }
            else
            {
                problems.Add((property.Name, $"unknown property (expected {string.Join(", ", Columns)}, {AnswersProperty})"));
            }
        }

        if (!seen.Contains(AnswersProperty))
        {
            problems.Add((AnswersProperty, "missing"));
        }

        return new ResponseRecord(row, line, element.GetRawText(),
            fixedValues.GetValueOrDefault(CaseId), fixedValues.GetValueOrDefault(QuestionnaireId), fixedValues.GetValueOrDefault(QuestionnaireVersion),
            fixedValues.GetValueOrDefault(StartedAt), fixedValues.GetValueOrDefault(CompletedAt), answers, problems);

        string? Bad(string field, string message)
        {
            problems.Add((field, message));
            return null;
        }
    }

    /// <summary>
    /// Strings as they are; numbers as written in the file (invariant: JSON numbers use '.'); arrays of
    /// strings or numbers (multiple choice) joined with ';'; null is no answer. Booleans and objects
    /// cannot be answers: the questionnaire's codes are strings.
    /// </summary>
    private static void ReadAnswers(JsonElement answersObject, Dictionary<string, string?> answers, List<(string Field, string Message)> problems)
    {
        foreach (var answer in answersObject.EnumerateObject())
        {
            var field = $"{AnswersProperty}.{answer.Name}";
            if (answers.ContainsKey(answer.Name))
            {
                problems.Add((field, "appears twice"));
                continue;
            }

            var value = answer.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    answers[answer.Name] = value.GetString();
                    break;
                case JsonValueKind.Number:
                    answers[answer.Name] = value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    answers[answer.Name] = null;
                    break;
                case JsonValueKind.Array:
                    var codes = new List<string>();
                    foreach (var item in value.EnumerateArray())
                    {
                        var code = item.ValueKind switch
                        {
                            JsonValueKind.String => item.GetString(),
                            JsonValueKind.Number => item.GetRawText(),
                            _ => null,
                        };
                        if (code is null || code.Contains(';', StringComparison.Ordinal))
                        {
                            problems.Add((field, $"{(code is null ? Kind(item.ValueKind) : $"'{code}'")} cannot be a code of a multiple choice answer"));
                            codes = null;
                            break;
                        }

                        codes.Add(code);
                    }

                    if (codes is not null)
                    {
                        answers[answer.Name] = string.Join(';', codes);
                    }

                    break;
                default:
                    problems.Add((field, $"{Kind(value.ValueKind)} cannot be an answer (a string, a number, or an array of codes)"));
                    break;
            }
        }
    }

    /// <summary>The line (1-based) where each element of the top-level array starts.</summary>
    private static List<int> ElementLines(byte[] bytes)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var line = 1;
        long counted = 0;
        while (reader.Read())
        {
            if (reader.CurrentDepth != 1)
            {
                continue;
            }

            var start = reader.TokenStartIndex;
            for (var i = counted; i < start; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                }
            }

            counted = start;
            lines.Add(line);
            reader.Skip();
        }

        return lines;
    }

    private static byte[] WithoutByteOrderMark(byte[] bytes) =>
        bytes is [0xEF, 0xBB, 0xBF, ..] ? bytes[3..] : bytes;

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
