using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Cli.Tests.Questionnaires;

/// <summary>The YAML reader, in process: each kind of error, with the file and the line.</summary>
public sealed class QuestionnaireFileTests : ScratchFolder
{
    /// <summary>A valid questionnaire; each test replaces one line (found by its text) to break it.</summary>
    private const string Valid = """
        id: test-burglary
        version: 1
        label: { fr: Test cambriolage, en: Burglary test }
        code_lists:
          yes_no:
            - { code: 'yes', fr: Oui, en: 'Yes' }
            - { code: 'no', fr: Non, en: 'No' }
        modules:
          - id: burglary
            label: { fr: Cambriolage, en: Burglary }
            questions:
              - id: burglary_screener
                label: { fr: Cambriolé ?, en: Burgled? }
                type: single_choice
                codes: yes_no
              - id: burglary_count
                label: { fr: Combien de fois ?, en: How many times? }
                type: integer
                range: [1, 99]
                filter: "burglary_screener == 'yes'"
              - id: burglary_last_report
                label: { fr: Plainte ?, en: Complaint? }
                type: single_choice
                codes:
                  - { code: complaint, fr: Plainte, en: Complaint }
                  - { code: nothing, fr: Rien, en: Nothing }
                filter: "burglary_screener == 'yes'"
              - id: comment
                label: { fr: Commentaire, en: Comment }
                type: text
                required: false
        derived:
          - id: victim_burglary
            label: { fr: Victime, en: Victim }
            expression: "burglary_screener == 'yes' and burglary_count >= 1"
          - id: complaint_burglary
            label: { fr: Plainte, en: Complaint }
            expression: "victim_burglary and burglary_last_report == 'complaint'"
        """;

    private QuestionnaireFileResult ReadWith(string find, string replace)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var path = Path.Combine(Folder, "q.yaml");
        File.WriteAllText(path, Valid.Replace(find, replace, StringComparison.Ordinal));
        return QuestionnaireFile.Read(path);
    }

    /// <summary>The 1-based line, in the edited file, of the first line containing <paramref name="text"/> from the edit on.</summary>
    private static long LineOf(string text, string find, string replace)
    {
        var start = Valid.IndexOf(find, StringComparison.Ordinal);
        var edited = Valid.Replace(find, replace, StringComparison.Ordinal);
        var at = edited.IndexOf(text, start, StringComparison.Ordinal);
        return edited[..at].Count(c => c == '\n') + 1;
    }

    [Fact]
    public void The_valid_file_reads_into_modules_questions_codes_and_derived_variables()
    {
        var result = ReadWith("version: 1", "version: 1");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var questionnaire = result.Questionnaire!;
        Assert.Equal(("test-burglary", "1"), (questionnaire.Id, questionnaire.Version));
        var screener = questionnaire.Questions.First();
        Assert.Equal(QuestionType.SingleChoice, screener.Type);
        Assert.Equal(["yes", "no"], screener.Codes.Select(c => c.Value));
        Assert.Equal("Oui", screener.Codes[0].Label.Fr);
        Assert.Equal(new NumericRange(1, 99), questionnaire.Questions.ElementAt(1).Range);
        Assert.False(questionnaire.Questions.Last().Required);
        Assert.Equal(["victim_burglary", "complaint_burglary"], questionnaire.Derived.Select(d => d.Id));
    }

    [Theory]
    [InlineData("- id: burglary_last_report", "- id: burglary_count", "- id: burglary_count\n        label: { fr: Plainte", "used twice")]
    [InlineData("        codes: yes_no\n", "        codes: yes_no\n        filter: \"burglary_count >= 1\"\n", "filter: \"burglary_count >= 1\"", "'burglary_count' is asked later")]
    [InlineData("filter: \"burglary_screener == 'yes'\"\n      - id: burglary_last", "filter: \"burglary_screenr == 'yes'\"\n      - id: burglary_last", "burglary_screenr", "unknown question 'burglary_screenr'")]
    [InlineData("range: [1, 99]", "range: [1, 99]\n        codes: yes_no", "codes: yes_no\n        filter", "codes belong to single_choice")]
    [InlineData("required: false", "required: false\n        range: [0, 10]", "range: [0, 10]", "a range applies to integer and decimal questions only")]
    [InlineData("filter: \"burglary_screener == 'yes'\"\n      - id: burglary_last", "filter: \"burglary_screener = 'yes'\"\n      - id: burglary_last", "burglary_screener = 'yes'", "syntax error at column 19")]
    [InlineData("burglary_last_report == 'complaint'\"", "burglary_last_report == 'complain'\"", "'complain'", "'complain' is not a code of burglary_last_report")]
    [InlineData("expression: \"victim_burglary and", "expression: \"victim_burgled and", "victim_burgled", "unknown name 'victim_burgled'")]
    [InlineData("type: text", "type: text\n        type: integer", "type: integer\n        required", "duplicate key 'type'")]
    [InlineData("required: false", "required: false\n        mandatory: true", "mandatory", "unknown key 'mandatory'")]
    [InlineData("type: text", "type: free_text", "free_text", "type 'free_text' is not one of")]
    [InlineData("codes: yes_no", "codes: yes_non", "yes_non", "no code list named 'yes_non'")]
    [InlineData("range: [1, 99]", "range: [1, many]", "many", "range is two numbers")]
    [InlineData("{ fr: Commentaire, en: Comment }", "{ fr: Commentaire }", "fr: Commentaire", "needs en")]
    [InlineData("required: false", "required: maybe", "maybe", "required is true or false")]
    [InlineData("label: { fr: Victime, en: Victim }", "label: { fr: Victime, en: Victim ", "label: { fr: Victime", "YAML syntax")]
    public void Each_kind_of_error_is_reported_with_the_file_and_the_line(string find, string replace, string lineText, string message)
    {
        var result = ReadWith(find, replace);

        Assert.False(result.Succeeded);
        Assert.Null(result.Questionnaire);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(LineOf(lineText.Split('\n')[0], find, replace), error.Line);
        Assert.StartsWith(Path.Combine(Folder, "q.yaml") + ":", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_line_order()
    {
        var result = ReadWith("range: [1, 99]", "range: [1, 99]\n        codes: yes_no\n        colour: red");

        var wrong = ReadWith("type: text", "type: text\n        range: [0, 1]\n        filter: \"nobody == 1\"");

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(2, wrong.Errors.Count);
        Assert.True(wrong.Errors[0].Line < wrong.Errors[1].Line);
    }

    [Fact]
    public void A_missing_file_is_an_error_not_an_exception()
    {
        var result = QuestionnaireFile.Read(Path.Combine(Folder, "absent.yaml"));

        Assert.Contains("file not found", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
