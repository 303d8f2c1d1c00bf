using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Data.Tests.Fieldwork;

/// <summary>The response file reader alone (no database): formats, normalisation, whole-file errors.</summary>
public sealed class ResponseFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vs-response-file-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_csv_gives_the_fixed_fields_and_one_answer_per_question_column_blank_as_no_answer()
    {
        var path = Write("r.csv", "questionnaire_id,case_id,questionnaire_version,started_at,completed_at,burglary,why\n"
                                  + "q,EXT-1,1,2025-03-05T10:00:00+01:00,2025-03-05T10:20:00+01:00,yes,a;b\n"
                                  + "q,EXT-2,1,2025-03-05T10:00:00+01:00,2025-03-05T10:20:00+01:00,no,\n");

        var content = ResponseFile.Read(path);

        Assert.Equal("csv", content.Format);
        Assert.Equal(2, content.Records.Count);
        var first = content.Records[0];
        Assert.Equal((1, 2, "EXT-1", "q", "1"), (first.Row, first.Line, first.CaseId, first.QuestionnaireId, first.QuestionnaireVersion));
        Assert.Equal("a;b", first.Answers["why"]);
        Assert.Null(content.Records[1].Answers["why"]);
        Assert.Contains("\"burglary\":\"no\"", content.Records[1].RawJson, StringComparison.Ordinal);
        Assert.Empty(first.ShapeProblems);
    }

    [Fact]
    public void A_json_file_normalises_numbers_and_arrays_to_the_validators_raw_text_and_knows_each_objects_line()
    {
        var path = Write("r.json", """
            [
              {"case_id": "EXT-1", "questionnaire_id": "q", "questionnaire_version": 1,
               "started_at": "2025-03-05T10:00:00+01:00", "completed_at": "2025-03-05T10:20:00+01:00",
               "answers": {"burglary": "yes", "count": 2, "loss": 12.5, "why": ["a", "b"], "note": null}},
              {"case_id": "EXT-2", "questionnaire_id": "q", "questionnaire_version": "1",
               "started_at": "2025-03-05T10:00:00+01:00", "completed_at": "2025-03-05T10:20:00+01:00",
               "answers": {"burglary": true, "why": [{"x": 1}]}, "mode": "web"}
            ]
            """);

        var content = ResponseFile.Read(path);

        Assert.Equal("json", content.Format);
        var first = content.Records[0];
        Assert.Equal((1, 2, "1"), (first.Row, first.Line, first.QuestionnaireVersion));
        Assert.Equal("2", first.Answers["count"]);
        Assert.Equal("12.5", first.Answers["loss"]);
        Assert.Equal("a;b", first.Answers["why"]);
        Assert.Null(first.Answers["note"]);
        Assert.Empty(first.ShapeProblems);
        var second = content.Records[1];
        Assert.Equal(5, second.Line);
        Assert.Contains(second.ShapeProblems, p => p.Field == "answers.burglary" && p.Message.Contains("a boolean cannot be an answer", StringComparison.Ordinal));
        Assert.Contains(second.ShapeProblems, p => p.Field == "answers.why" && p.Message.Contains("multiple choice", StringComparison.Ordinal));
        Assert.Contains(second.ShapeProblems, p => p.Field == "mode" && p.Message.Contains("unknown property", StringComparison.Ordinal));
    }

    [Fact]
    public void A_json_object_without_answers_or_not_an_object_is_a_row_problem()
    {
        var content = ResponseFile.Read(Write("r.json", """[{"case_id": "EXT-1"}, 42]"""));

        Assert.Contains(content.Records[0].ShapeProblems, p => p == ("answers", "missing"));
        Assert.Contains(content.Records[1].ShapeProblems, p => p.Field == "row" && p.Message.StartsWith("a number", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> WholeFileErrors => new()
    {
        { "r.csv", "case_id,questionnaire_id,started_at,completed_at,burglary\nEXT-1,q,2025-03-05T10:00:00+01:00,2025-03-05T10:20:00+01:00,yes\n", "line 1: missing column(s) questionnaire_version" },
        { "r.csv", "case_id,questionnaire_id,questionnaire_version,started_at,completed_at\nEXT-1,q,1\n", "line 2: 3 field(s) where the header has 5" },
        { "r.json", "[\n  {\"case_id\": \"EXT-1\",\n  \"answers\": {}\n", "line 4: not valid JSON" },
        { "r.json", "{\"case_id\": \"EXT-1\", \"answers\": {}}", "line 1: a response file in JSON is an array of objects, not an object" },
        { "r.xml", "<responses/>", "unknown file type '.xml'" },
    };

    [Theory]
    [MemberData(nameof(WholeFileErrors))]
    public void A_file_that_cannot_be_read_is_refused_naming_the_file_and_line(string name, string text, string expected)
    {
        var path = Write(name, text);

        var error = Assert.Throws<InputFileException>(() => ResponseFile.Read(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
