using ClosedXML.Excel;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Questionnaires;

/// <summary><c>victimsurvey questionnaire check|codebook</c>, run as a process.</summary>
public sealed class QuestionnaireCommandTests : ScratchFolder
{
    private static readonly string Shipped = Path.Combine(BuiltProgram.RepositoryRoot(), "questionnaires");

    public static TheoryData<string> ShippedQuestionnaires() => new(Directory.GetFiles(Shipped, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void The_four_questionnaires_the_editions_refer_to_are_shipped()
    {
        string[] expected = ["vrs-core-2024.yaml", "module-2022-police-population.yaml", "module-2023-health.yaml", "module-2024-online-victimisation.yaml"];

        Assert.Empty(expected.Except(Directory.GetFiles(Shipped, "*.yaml").Select(f => Path.GetFileName(f))));
    }

    [Theory]
    [MemberData(nameof(ShippedQuestionnaires))]
    public async Task Every_shipped_questionnaire_passes_the_check(string file)
    {
        var result = await CliRunner.RunAsync(null, null, "questionnaire", "check", Path.Combine(Shipped, file));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith(Path.GetFileNameWithoutExtension(file) + " version 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("No error.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_core_questionnaire_covers_every_offence_family_with_victim_and_complaint_variables()
    {
        var questionnaire = Jobs.Questionnaires.QuestionnaireFile.Load(Path.Combine(Shipped, "vrs-core-2024.yaml"));
        string[] offences =
        [
            "burglary", "theft_dwelling", "vandalism_dwelling", "car_theft", "theft_from_car", "car_vandalism", "two_wheeler_theft",
            "theft_violence", "theft_no_violence", "physical_violence", "sexual_violence", "partner_violence", "threats", "insults", "scam", "bank_fraud", "discrimination",
        ];
        var questions = questionnaire.Questions.Select(q => q.Id).ToHashSet();
        var derived = questionnaire.Derived.Select(d => d.Id).ToHashSet();

        foreach (var offence in offences)
        {
            Assert.Empty(new[] { $"{offence}_screener", $"{offence}_count", $"{offence}_last_report", $"{offence}_why_no_complaint" }.Except(questions));
            Assert.Empty(new[] { $"victim_{offence}", $"complaint_{offence}" }.Except(derived));
        }

        Assert.Empty(new[] { "feel_unsafe_neighbourhood", "feel_unsafe_home", "gives_up_going_out" }.Except(derived));
        Assert.Empty(new[] { "sex", "birth_year", "diploma", "household_size", "activity" }.Except(questions));
    }

    [Fact]
    public async Task Check_prints_every_error_with_file_and_line_and_exits_1()
    {
        var path = Path.Combine(Folder, "broken.yaml");
        File.WriteAllText(path, """
            id: broken
            version: 1
            label: { fr: Cassé, en: Broken }
            modules:
              - id: m
                label: { fr: M, en: M }
                questions:
                  - id: a
                    label: { fr: A, en: A }
                    type: integer
                    filter: "b > 1"
                  - id: b
                    label: { fr: B, en: B }
                    type: number
            """);

        var result = await CliRunner.RunAsync(null, null, "questionnaire", "check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:11: question 'a': filter: 'b' is asked later", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{path}:14: question 'b': type 'number' is not one of", result.Error, StringComparison.Ordinal);
        Assert.Contains("2 error(s)", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task The_codebook_lists_questions_with_codes_and_derived_variables_and_stores_formula_looking_text_as_text()
    {
        var path = Path.Combine(Folder, "tricky.yaml");
        File.WriteAllText(path, """
            id: tricky
            version: 2
            label: { fr: "=1+1", en: Tricky }
            modules:
              - id: m
                label: { fr: M, en: M }
                questions:
                  - id: amount
                    label: { fr: "=HYPERLINK(\"http://example.invalid\")", en: "+33 amount" }
                    type: decimal
                    range: [-10, 1000.5]
                  - id: channel
                    label: { fr: "@canal", en: "-channel" }
                    type: single_choice
                    codes:
                      - { code: web, fr: "=Internet", en: Web }
                      - { code: paper, fr: Papier, en: Paper }
                    filter: "amount > 0"
            derived:
              - id: big
                label: { fr: "-gros", en: Big }
                expression: "amount >= 100"
            """);
        var output = Path.Combine(Folder, "codebook.xlsx");

        var result = await CliRunner.RunAsync(null, null, "questionnaire", "codebook", path, "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        using var workbook = new XLWorkbook(output);
        Assert.Equal(["Questions", "Derived", "About"], workbook.Worksheets.Select(s => s.Name));
        var questions = workbook.Worksheet("Questions");
        Assert.Equal(["Module", "Question", "Label (fr)"], questions.Row(1).Cells(1, 3).Select(c => c.GetString()));
        Assert.Equal("amount", questions.Cell(2, 2).GetString());
        Assert.Equal("decimal", questions.Cell(2, 5).GetString());
        Assert.Equal(XLDataType.Number, questions.Cell(2, 7).DataType);
        Assert.Equal(-10, questions.Cell(2, 7).GetDouble());
        Assert.Equal(1000.5, questions.Cell(2, 8).GetDouble());
        Assert.Equal("channel", questions.Cell(3, 2).GetString());
        Assert.Equal("amount > 0", questions.Cell(3, 9).GetString());
        Assert.Equal(["web", "paper"], new[] { questions.Cell(4, 10).GetString(), questions.Cell(5, 10).GetString() });
        Assert.Equal("channel", questions.Cell(5, 2).GetString());

        var formulaLooking = new[] { questions.Cell(2, 3), questions.Cell(2, 4), questions.Cell(3, 3), questions.Cell(3, 4), questions.Cell(4, 11), workbook.Worksheet("Derived").Cell(2, 2), workbook.Worksheet("About").Cell(3, 2) };
        Assert.All(formulaLooking, cell =>
        {
            Assert.False(cell.HasFormula, cell.Address.ToString());
            Assert.Equal(XLDataType.Text, cell.DataType);
        });
        Assert.Equal("=HYPERLINK(\"http://example.invalid\")", questions.Cell(2, 3).GetString());
        Assert.Equal("=Internet", questions.Cell(4, 11).GetString());
        Assert.Equal("amount >= 100", workbook.Worksheet("Derived").Cell(2, 4).GetString());
        Assert.True(questions.Column(3).Width > 20);
    }

    [Fact]
    public async Task The_codebook_of_a_file_with_errors_is_not_written()
    {
        var path = Path.Combine(Folder, "bad.yaml");
        File.WriteAllText(path, "id: bad\nversion: 1\nlabel: { fr: B, en: B }\nmodules: []\ncolour: red\n");
        var output = Path.Combine(Folder, "bad.xlsx");

        var result = await CliRunner.RunAsync(null, null, "questionnaire", "codebook", path, "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:5: the questionnaire: unknown key 'colour'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
