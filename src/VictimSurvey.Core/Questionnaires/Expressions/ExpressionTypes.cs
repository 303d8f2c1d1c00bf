using System.Globalization;

namespace VictimSurvey.Core.Questionnaires.Expressions;

/// <summary>What an expression or a name evaluates to (when not missing).</summary>
public enum ExprType
{
    Bool,
    Number,
    Text,
    Date,
    /// <summary>The answer to a single-choice question: one code.</summary>
    Code,
    /// <summary>The answer to a multiple-choice question: a set of codes.</summary>
    CodeSet,
    /// <summary>Not known because of an earlier error; accepted everywhere so one mistake gives one message.</summary>
    Unknown,
}

/// <summary>A name an expression may read: a question or a derived variable, with its codes if it has some.</summary>
public sealed record Symbol(string Name, ExprType Type, IReadOnlySet<string>? Codes = null, bool IsQuestion = true)
{
    public static Symbol Of(Question question) => new(question.Id, question.Type switch
    {
        QuestionType.SingleChoice => ExprType.Code,
        QuestionType.MultipleChoice => ExprType.CodeSet,
        QuestionType.Integer or QuestionType.Decimal => ExprType.Number,
        QuestionType.Date => ExprType.Date,
        _ => ExprType.Text,
    }, question.Codes.Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
}

/// <summary>A problem in an expression, at a 1-based column of its text.</summary>
public sealed record ExpressionError(int Position, string Message)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"column {Position}: {Message}");
}

/// <summary>
/// Checks an expression before any answer exists: every name known and visible, operands of the right
/// types, code literals that belong to the question's code list. Returns every problem found.
/// </summary>
public static class ExpressionChecker
{
    /// <param name="resolve">The symbol for a name, or the reason it cannot be used here (unknown, asked later...).</param>
    public static (ExprType Type, IReadOnlyList<ExpressionError> Errors) Check(Expr expr, Func<string, (Symbol? Symbol, string? Error)> resolve)
    {
        var errors = new List<ExpressionError>();
        var type = new Walker(resolve, errors).TypeOf(expr);
        return (type, errors);
    }

    private sealed class Walker(Func<string, (Symbol? Symbol, string? Error)> resolve, List<ExpressionError> errors)
    {
        public ExprType TypeOf(Expr expr)
        {
            switch (expr)
            {
                case LiteralExpr l:
                    return l.Value switch { bool => ExprType.Bool, double => ExprType.Number, _ => ExprType.Text };
                case NameExpr n:
                    return Resolve(n)?.Type ?? ExprType.Unknown;
                case UnaryExpr u:
                    Want(u.Operand, u.Operator == "not" ? ExprType.Bool : ExprType.Number, $"'{u.Operator}'");
                    return u.Operator == "not" ? ExprType.Bool : ExprType.Number;
                case BinaryExpr { Operator: "and" or "or" } b:
                    Want(b.Left, ExprType.Bool, $"'{b.Operator}'");
                    Want(b.Right, ExprType.Bool, $"'{b.Operator}'");
                    return ExprType.Bool;
                case BinaryExpr { Operator: "+" or "-" or "*" or "/" } b:
                    Want(b.Left, ExprType.Number, $"'{b.Operator}'");
                    Want(b.Right, ExprType.Number, $"'{b.Operator}'");
                    return ExprType.Number;
                case BinaryExpr b:
                    Compare(b);
                    return ExprType.Bool;
                case InExpr i:
                    Membership(i);
                    return ExprType.Bool;
                case CallExpr c:
                    return Call(c);
                default:
                    throw new ArgumentException("unknown expression node " + expr.GetType().Name, nameof(expr));
            }
        }

        private Symbol? Resolve(NameExpr name)
        {
            var (symbol, error) = resolve(name.Name);
            if (symbol is null)
            {
                errors.Add(new ExpressionError(name.Position, error ?? $"unknown name '{name.Name}'"));
            }

            return symbol;
        }

        private void Want(Expr expr, ExprType wanted, string context)
        {
            var type = TypeOf(expr);
            if (type != wanted && type != ExprType.Unknown)
            {
                errors.Add(new ExpressionError(expr.Position, $"{context} needs {Describe(wanted)}, not {Describe(type)}{Hint(expr, type)}"));
            }
        }

        private void Compare(BinaryExpr b)
        {
            var left = TypeOf(b.Left);
            var right = TypeOf(b.Right);
            if (left == ExprType.Unknown || right == ExprType.Unknown)
            {
                return;
            }

            if (left == ExprType.CodeSet || right == ExprType.CodeSet)
            {
                errors.Add(new ExpressionError(b.Position, $"a multiple-choice answer is a set of codes: test it with 'in [...]', not '{b.Operator}'"));
                return;
            }

            var ordering = b.Operator is "<" or "<=" or ">" or ">=";
            if (ordering && !(left == right && left is ExprType.Number or ExprType.Date))
            {
                errors.Add(new ExpressionError(b.Position, $"'{b.Operator}' compares two numbers or two dates, not {Describe(left)} and {Describe(right)}"));
                return;
            }

            // A code compares with a string literal (checked against the code list) or with another code.
            var comparable = left == right || (IsCodeOrText(left) && IsCodeOrText(right));
            if (!comparable)
            {
                errors.Add(new ExpressionError(b.Position, $"'{b.Operator}' cannot compare {Describe(left)} with {Describe(right)}{Hint(b.Right, right)}"));
                return;
            }

            CheckCodeLiteral(b.Left, b.Right);
            CheckCodeLiteral(b.Right, b.Left);
        }

        private static bool IsCodeOrText(ExprType type) => type is ExprType.Code or ExprType.Text;

        private void CheckCodeLiteral(Expr side, Expr other)
        {
            if (side is NameExpr name && other is LiteralExpr { Value: string code } literal
                && resolve(name.Name).Symbol is { Type: ExprType.Code or ExprType.CodeSet, Codes: { } codes } && !codes.Contains(code))
            {
                errors.Add(new ExpressionError(literal.Position, $"'{code}' is not a code of {name.Name} (codes: {string.Join(", ", codes)})"));
            }
        }

        private void Membership(InExpr i)
        {
            var type = TypeOf(i.Operand);
            if (type == ExprType.Unknown)
            {
                return;
            }

            if (type is ExprType.Bool or ExprType.Date)
            {
                errors.Add(new ExpressionError(i.Position, $"'in' tests a code, a number or a text, not {Describe(type)}"));
                return;
            }

            var wantNumbers = type == ExprType.Number;
            foreach (var item in i.Items)
            {
                if (item.Value is double != wantNumbers)
                {
                    errors.Add(new ExpressionError(item.Position, $"the list after 'in' must hold {(wantNumbers ? "numbers" : "strings")} for {Describe(type)}"));
                }
                else if (i.Operand is NameExpr name)
                {
                    CheckCodeLiteral(name, item);
                }
            }
        }

        private ExprType Call(CallExpr c)
        {
            switch (c.Function)
            {
                case "answered":
                    if (c.Arguments is not [NameExpr name])
                    {
                        errors.Add(new ExpressionError(c.Position, "answered(...) takes one question id"));
                    }
                    else if (Resolve(name) is { IsQuestion: false })
                    {
                        errors.Add(new ExpressionError(name.Position, $"answered(...) takes a question id; '{name.Name}' is a derived variable"));
                    }

                    return ExprType.Bool;
                case "coalesce":
                    if (c.Arguments.Count != 2)
                    {
                        errors.Add(new ExpressionError(c.Position, "coalesce(value, fallback) takes two arguments"));
                        return ExprType.Unknown;
                    }

                    var first = TypeOf(c.Arguments[0]);
                    var second = TypeOf(c.Arguments[1]);
                    if (first != ExprType.Unknown && second != ExprType.Unknown && first != second && !(IsCodeOrText(first) && IsCodeOrText(second)))
                    {
                        errors.Add(new ExpressionError(c.Position, $"coalesce(...) needs two values of the same type, not {Describe(first)} and {Describe(second)}"));
                    }

                    return first == ExprType.Unknown ? second : first;
                default:
                    errors.Add(new ExpressionError(c.Position, $"unknown function '{c.Function}' (functions: answered, coalesce)"));
                    return ExprType.Unknown;
            }
        }

        private static string Hint(Expr expr, ExprType type) =>
            expr is LiteralExpr { Value: double } && type == ExprType.Number ? " (codes are written as strings: '1')" : "";
    }

    public static string Describe(ExprType type) => type switch
    {
        ExprType.Bool => "a true/false value",
        ExprType.Number => "a number",
        ExprType.Text => "a text",
        ExprType.Date => "a date",
        ExprType.Code => "a code",
        ExprType.CodeSet => "a set of codes",
        _ => "a value",
    };
}
