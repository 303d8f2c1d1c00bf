using System.Globalization;
using System.Text.RegularExpressions;
using VictimSurvey.Core.Questionnaires.Expressions;

namespace VictimSurvey.Core.Questionnaires;

/// <summary>
/// A problem in a questionnaire definition. <see cref="Subject"/> is the model object at fault (the
/// questionnaire, a module, a question, a code or a derived variable) and <see cref="Field"/> the field
/// (id, label, codes, range, filter, expression...), so a file reader can point at the line.
/// </summary>
public sealed record QuestionnaireIssue(object Subject, string Field, string Message);

/// <summary>
/// The rules a questionnaire definition must follow (docs/methodology/questionnaires.md, "Checks"):
/// ids well formed and unique, labels in both languages, codes only on choice questions and unique,
/// ranges only on numeric questions, filters that parse, read only earlier questions and are
/// true/false, derived variables that parse, read questions and earlier derived variables, and are
/// true/false or numeric. Every problem is returned, not only the first.
/// </summary>
public static partial class QuestionnaireRules
{
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex QuestionnaireId();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex CodeValue();

    public static IReadOnlyList<QuestionnaireIssue> Check(Questionnaire questionnaire)
    {
        var issues = new List<QuestionnaireIssue>();
        void Issue(object subject, string field, string message) => issues.Add(new QuestionnaireIssue(subject, field, message));

        if (!QuestionnaireId().IsMatch(questionnaire.Id))
        {
            Issue(questionnaire, "id", $"questionnaire id '{questionnaire.Id}' must be lower-case letters, digits and '-' (e.g. vrs-core-2024)");
        }

        if (string.IsNullOrWhiteSpace(questionnaire.Version))
        {
            Issue(questionnaire, "version", "the questionnaire needs a version");
        }

        CheckLabel(questionnaire.Label, questionnaire, "questionnaire", issues);
        if (questionnaire.Modules.Count == 0)
        {
            Issue(questionnaire, "modules", "the questionnaire needs at least one module");
        }

        var modules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in questionnaire.Modules)
        {
            if (!Identifier().IsMatch(module.Id))
            {
                Issue(module, "id", $"module id '{module.Id}' must be lower-case letters, digits and '_', starting with a letter");
            }
            else if (!modules.Add(module.Id))
            {
                Issue(module, "id", $"module id '{module.Id}' is used twice");
            }

            CheckLabel(module.Label, module, $"module '{module.Id}'", issues);
            if (module.Questions.Count == 0)
            {
                Issue(module, "questions", $"module '{module.Id}' has no question");
            }
        }

        var derivedIds = questionnaire.Derived.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var earlier = new Dictionary<string, Symbol>(StringComparer.Ordinal);
        var all = questionnaire.Questions.GroupBy(q => q.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var question in questionnaire.Questions)
        {
            var name = $"question '{question.Id}'";
            if (!IsIdentifier(question.Id))
            {
                Issue(question, "id", $"question id '{question.Id}' must be lower-case letters, digits and '_', starting with a letter, and not a keyword (and, or, not, in, true, false)");
            }
            else if (earlier.ContainsKey(question.Id))
            {
                Issue(question, "id", $"question id '{question.Id}' is used twice");
            }
            else if (derivedIds.Contains(question.Id))
            {
                Issue(question, "id", $"'{question.Id}' is both a question and a derived variable");
            }

            CheckLabel(question.Label, question, name, issues);
            CheckCodes(question, name, issues);
            CheckRange(question, name, issues);
            if (question.Filter is { } filter)
            {
                CheckExpression(question, "filter", filter, name + ": filter", ExprType.Bool, FilterScope(question, earlier, all, derivedIds), issues);
            }

            earlier.TryAdd(question.Id, Symbol.Of(question));
        }

        var derived = new Dictionary<string, Symbol>(StringComparer.Ordinal);
        foreach (var variable in questionnaire.Derived)
        {
            var name = $"derived variable '{variable.Id}'";
            if (!IsIdentifier(variable.Id))
            {
                Issue(variable, "id", $"derived variable id '{variable.Id}' must be lower-case letters, digits and '_', starting with a letter, and not a keyword");
            }
            else if (derived.ContainsKey(variable.Id))
            {
                Issue(variable, "id", $"derived variable '{variable.Id}' is defined twice");
            }

            CheckLabel(variable.Label, variable, name, issues);
            var type = CheckExpression(variable, "expression", variable.Expression, name, null, DerivedScope(earlier, derived, derivedIds), issues);
            if (type is not (ExprType.Bool or ExprType.Number or ExprType.Unknown))
            {
                Issue(variable, "expression", $"{name}: the expression gives {ExpressionChecker.Describe(type)}; a derived variable must be true/false (0/1) or a number");
            }

            derived.TryAdd(variable.Id, new Symbol(variable.Id, type == ExprType.Bool ? ExprType.Bool : type == ExprType.Number ? ExprType.Number : ExprType.Unknown, IsQuestion: false));
        }

        return issues;
    }

    public static bool IsIdentifier(string id) => Identifier().IsMatch(id) && !ExpressionParser.Keywords.Contains(id);

    private static Func<string, (Symbol?, string?)> FilterScope(Question question, Dictionary<string, Symbol> earlier, Dictionary<string, Question> all, HashSet<string> derivedIds) => id =>
        earlier.TryGetValue(id, out var symbol) ? (symbol, null)
        : id == question.Id ? (null, $"'{id}' is this question: a filter can only use earlier answers")
        : all.ContainsKey(id) ? (null, $"'{id}' is asked later: a filter can only use earlier answers")
        : derivedIds.Contains(id) ? (null, $"'{id}' is a derived variable, computed after the interview: a filter uses answers")
        : (null, $"unknown question '{id}'");

    private static Func<string, (Symbol?, string?)> DerivedScope(Dictionary<string, Symbol> questions, Dictionary<string, Symbol> earlierDerived, HashSet<string> derivedIds) => id =>
        questions.TryGetValue(id, out var question) ? (question, null)
        : earlierDerived.TryGetValue(id, out var variable) ? (variable, null)
        : derivedIds.Contains(id) ? (null, $"derived variable '{id}' is defined later (or is this one): define it first")
        : (null, $"unknown name '{id}': not a question nor an earlier derived variable");

    private static ExprType CheckExpression(object subject, string field, string text, string context, ExprType? wanted, Func<string, (Symbol?, string?)> scope, List<QuestionnaireIssue> issues)
    {
        Expr expr;
        try
        {
            expr = ExpressionParser.Parse(text);
        }
        catch (ExpressionSyntaxException ex)
        {
            issues.Add(new QuestionnaireIssue(subject, field, string.Create(CultureInfo.InvariantCulture, $"{context}: syntax error at column {ex.Position} of \"{text}\": {ex.Message}")));
            return ExprType.Unknown;
        }

        var (type, errors) = ExpressionChecker.Check(expr, scope);
        foreach (var error in errors)
        {
            issues.Add(new QuestionnaireIssue(subject, field, string.Create(CultureInfo.InvariantCulture, $"{context}: {error.Message} (column {error.Position} of \"{text}\")")));
        }

        if (wanted is { } w && errors.Count == 0 && type != w)
        {
            issues.Add(new QuestionnaireIssue(subject, field, $"{context}: \"{text}\" gives {ExpressionChecker.Describe(type)}, it must be a true/false condition"));
        }

        return errors.Count == 0 ? type : ExprType.Unknown;
    }

    private static void CheckLabel(LocalizedText label, object subject, string name, List<QuestionnaireIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(label.Fr) || string.IsNullOrWhiteSpace(label.En))
        {
            issues.Add(new QuestionnaireIssue(subject, "label", $"{name} needs a label in French (fr) and in English (en)"));
        }
    }

    private static void CheckCodes(Question question, string name, List<QuestionnaireIssue> issues)
    {
        var choice = QuestionTypes.IsChoice(question.Type);
        if (!choice && question.Codes.Count > 0)
        {
            issues.Add(new QuestionnaireIssue(question, "codes", $"{name} is of type {QuestionTypes.Name(question.Type)}: codes belong to single_choice and multiple_choice questions"));
            return;
        }

        if (choice && question.Codes.Count == 0)
        {
            issues.Add(new QuestionnaireIssue(question, "codes", $"{name} is of type {QuestionTypes.Name(question.Type)} and needs codes"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in question.Codes)
        {
            if (!CodeValue().IsMatch(code.Value))
            {
                issues.Add(new QuestionnaireIssue(code, "code", $"{name}: code '{code.Value}' must be letters, digits, '_', '.' or '-' (no spaces or ';')"));
            }
            else if (!seen.Add(code.Value))
            {
                issues.Add(new QuestionnaireIssue(code, "code", $"{name}: code '{code.Value}' is listed twice"));
            }

            CheckLabel(code.Label, code, $"{name}: code '{code.Value}'", issues);
        }
    }

    private static void CheckRange(Question question, string name, List<QuestionnaireIssue> issues)
    {
        if (question.Range is not { } range)
        {
            return;
        }

        if (!QuestionTypes.IsNumeric(question.Type))
        {
            issues.Add(new QuestionnaireIssue(question, "range", $"{name} is of type {QuestionTypes.Name(question.Type)}: a range applies to integer and decimal questions only"));
        }
        else if (!(range.Min <= range.Max))
        {
            issues.Add(new QuestionnaireIssue(question, "range", string.Create(CultureInfo.InvariantCulture, $"{name}: range [{range.Min}, {range.Max}] has its minimum above its maximum")));
        }
        else if (question.Type == QuestionType.Integer && (range.Min != Math.Floor(range.Min) || range.Max != Math.Floor(range.Max)))
        {
            issues.Add(new QuestionnaireIssue(question, "range", string.Create(CultureInfo.InvariantCulture, $"{name} is an integer question: its range [{range.Min}, {range.Max}] must have whole bounds")));
        }
    }
}
