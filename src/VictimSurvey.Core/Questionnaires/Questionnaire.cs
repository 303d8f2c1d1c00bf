namespace VictimSurvey.Core.Questionnaires;

/// <summary>
/// One questionnaire version (the core questionnaire of an edition or a thematic module), as a viewer
/// renders it: modules → questions → codes, filters and derived expressions kept as the text written.
/// Format and rules: docs/methodology/questionnaires.md. Check a new instance with
/// <see cref="QuestionnaireRules.Check"/> before using it.
/// </summary>
public sealed record Questionnaire(
    string Id,
    string Version,
    LocalizedText Label,
    IReadOnlyList<QuestionnaireModule> Modules,
    IReadOnlyList<DerivedVariable> Derived)
{
    /// <summary>Every question in asking order (modules in order, questions in order within each).</summary>
    public IEnumerable<Question> Questions => Modules.SelectMany(m => m.Questions);
}

/// <summary>A French and an English text: French users first, English available.</summary>
public sealed record LocalizedText(string Fr, string En)
{
    public override string ToString() => Fr;
}

public sealed record QuestionnaireModule(string Id, LocalizedText Label, IReadOnlyList<Question> Questions);

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    Integer,
    Decimal,
    Date,
    Text,
}

/// <summary>
/// A question. <paramref name="Filter"/> is the routing condition over earlier answers (null: always
/// asked); <paramref name="Required"/> means an answer is expected whenever the question is asked.
/// Codes only for choice types, a range only for numeric types.
/// </summary>
public sealed record Question(
    string Id,
    LocalizedText Label,
    QuestionType Type,
    IReadOnlyList<Code> Codes,
    NumericRange? Range,
    bool Required,
    string? Filter);

/// <summary>One answer category of a choice question: its value as stored, and its labels.</summary>
public sealed record Code(string Value, LocalizedText Label);

/// <summary>Inclusive bounds of a numeric answer.</summary>
public sealed record NumericRange(double Min, double Max);

/// <summary>
/// A variable computed from the answers for the estimates engine: a boolean expression gives 0/1, a
/// numeric one its value, a missing result an empty value. May use questions and earlier derived variables.
/// </summary>
public sealed record DerivedVariable(string Id, LocalizedText Label, string Expression);

/// <summary>Names of the types as written in questionnaire files.</summary>
public static class QuestionTypes
{
    public static readonly IReadOnlyDictionary<string, QuestionType> ByName = new Dictionary<string, QuestionType>(StringComparer.Ordinal)
    {
        ["single_choice"] = QuestionType.SingleChoice,
        ["multiple_choice"] = QuestionType.MultipleChoice,
        ["integer"] = QuestionType.Integer,
        ["decimal"] = QuestionType.Decimal,
        ["date"] = QuestionType.Date,
        ["text"] = QuestionType.Text,
    };

    public static string Name(QuestionType type) => ByName.First(p => p.Value == type).Key;

    public static bool IsChoice(QuestionType type) => type is QuestionType.SingleChoice or QuestionType.MultipleChoice;

    public static bool IsNumeric(QuestionType type) => type is QuestionType.Integer or QuestionType.Decimal;
}
