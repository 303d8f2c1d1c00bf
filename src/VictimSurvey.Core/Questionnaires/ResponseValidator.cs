using System.Globalization;
using VictimSurvey.Core.Questionnaires.Expressions;

namespace VictimSurvey.Core.Questionnaires;

public enum ResponseProblemKind
{
    /// <summary>An answer for a question the questionnaire does not have.</summary>
    UnknownQuestion,
    /// <summary>Not an integer, a decimal or a date (yyyy-MM-dd) as the question's type requires.</summary>
    WrongType,
    /// <summary>A choice answer that is not one of the question's codes.</summary>
    UnknownCode,
    OutOfRange,
    /// <summary>An answer to a question its filter skips for this person.</summary>
    AnsweredWhereSkipped,
    /// <summary>No answer to a required question this person was routed to.</summary>
    MissingWhereRequired,
}

public sealed record ResponseProblem(string QuestionId, ResponseProblemKind Kind, string Reason)
{
    public override string ToString() => $"{QuestionId}: {Reason}";
}

/// <summary>
/// Every problem of one person's answers, and the derived variables for the estimates engine
/// (booleans as 1/0, numbers as they are, missing as null).
/// </summary>
public sealed record ResponseCheck(IReadOnlyList<ResponseProblem> Problems, IReadOnlyDictionary<string, double?> Derived)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Checks one person's raw answers (question id → text as captured: invariant culture, '.' for decimals,
/// dates yyyy-MM-dd, multiple-choice codes separated by ';'; null or blank is no answer) against a
/// questionnaire. Questions are walked in asking order: each filter is evaluated over the valid answers
/// to earlier questions the person was routed to, so an answer that fails a check, or that should not
/// exist, is missing for the filters and derived variables that follow (rules in
/// docs/methodology/questionnaires.md). Every problem is reported, not only the first.
/// </summary>
public sealed class ResponseValidator
{
    private readonly List<(Question Question, Expr? Filter, HashSet<string> Codes)> _questions;
    private readonly List<(string Id, Expr Expression)> _derived;
    private readonly HashSet<string> _ids;

    private ResponseValidator(Questionnaire questionnaire)
    {
        _questions = questionnaire.Questions
            .Select(q => (q, q.Filter is null ? null : ExpressionParser.Parse(q.Filter), q.Codes.Select(c => c.Value).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        _derived = questionnaire.Derived.Select(d => (d.Id, ExpressionParser.Parse(d.Expression))).ToList();
        _ids = _questions.Select(q => q.Question.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <exception cref="ArgumentException">when the questionnaire breaks <see cref="QuestionnaireRules"/>; the message lists every issue.</exception>
    public static ResponseValidator For(Questionnaire questionnaire)
    {
        var issues = QuestionnaireRules.Check(questionnaire);
        if (issues.Count > 0)
        {
            throw new ArgumentException($"questionnaire '{questionnaire.Id}' is not valid: " + string.Join("; ", issues.Select(i => i.Message)), nameof(questionnaire));
        }

        return new ResponseValidator(questionnaire);
    }

    public ResponseCheck Check(IReadOnlyDictionary<string, string?> answers)
    {
        var problems = new List<ResponseProblem>();
        foreach (var id in answers.Keys.Where(k => !_ids.Contains(k) && !string.IsNullOrWhiteSpace(answers[k])).Order(StringComparer.Ordinal))
        {
            problems.Add(new ResponseProblem(id, ResponseProblemKind.UnknownQuestion, $"'{id}' is not a question of this questionnaire"));
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        object? ValueOf(string name) => values.GetValueOrDefault(name);
        foreach (var (question, filter, codes) in _questions)
        {
            var raw = answers.GetValueOrDefault(question.Id);
            var answered = !string.IsNullOrWhiteSpace(raw);
            var routed = filter is null || ExpressionEvaluator.IsTrue(ExpressionEvaluator.Evaluate(filter, ValueOf));
            if (!routed)
            {
                if (answered)
                {
                    problems.Add(new ResponseProblem(question.Id, ResponseProblemKind.AnsweredWhereSkipped, $"answered ('{raw}') but the filter {question.Filter} skips this question"));
                }

                continue;
            }

            if (!answered)
            {
                if (question.Required)
                {
                    problems.Add(new ResponseProblem(question.Id, ResponseProblemKind.MissingWhereRequired, "required and routed to"
                        + (question.Filter is null ? "" : $" (filter {question.Filter} is true)") + ", but not answered"));
                }

                continue;
            }

            var (value, problem) = Parse(question, codes, raw!.Trim());
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else
            {
                values[question.Id] = value;
            }
        }

        var derived = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (id, expression) in _derived)
        {
            var value = ExpressionEvaluator.Evaluate(expression, ValueOf);
            values[id] = value;
            derived[id] = value switch { bool b => b ? 1 : 0, double d => d, _ => null };
        }

        return new ResponseCheck(problems, derived);
    }

    private static (object? Value, ResponseProblem? Problem) Parse(Question question, HashSet<string> codes, string raw)
    {
        ResponseProblem Problem(ResponseProblemKind kind, string reason) => new(question.Id, kind, reason);
        string CodeList() => string.Join(", ", question.Codes.Select(c => c.Value));
        switch (question.Type)
        {
            case QuestionType.SingleChoice:
                return codes.Contains(raw) ? (raw, null) : (null, Problem(ResponseProblemKind.UnknownCode, $"'{raw}' is not one of the codes ({CodeList()})"));
            case QuestionType.MultipleChoice:
                var chosen = raw.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var unknown = chosen.Where(c => !codes.Contains(c)).ToList();
                return unknown.Count == 0
                    ? (chosen.ToHashSet(StringComparer.Ordinal), null)
                    : (null, Problem(ResponseProblemKind.UnknownCode, $"{string.Join(", ", unknown.Select(c => $"'{c}'"))} not among the codes ({CodeList()})"));
            case QuestionType.Integer:
                return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                    ? InRange(question, whole)
                    : (null, Problem(ResponseProblemKind.WrongType, $"'{raw}' is not an integer"));
            case QuestionType.Decimal:
                return double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    ? InRange(question, number)
                    : (null, Problem(ResponseProblemKind.WrongType, $"'{raw}' is not a decimal number" + (raw.Contains(',', StringComparison.Ordinal) ? " (write '.' as the decimal separator)" : "")));
            case QuestionType.Date:
                return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (date, null)
                    : (null, Problem(ResponseProblemKind.WrongType, $"'{raw}' is not a date written yyyy-MM-dd"));
            default:
                return (raw, null);
        }
    }

    private static (object? Value, ResponseProblem? Problem) InRange(Question question, double value) =>
        question.Range is { } range && (value < range.Min || value > range.Max)
            ? (null, new ResponseProblem(question.Id, ResponseProblemKind.OutOfRange, string.Create(CultureInfo.InvariantCulture, $"{value} is outside the range [{range.Min}, {range.Max}]")))
            : (value, null);
}
