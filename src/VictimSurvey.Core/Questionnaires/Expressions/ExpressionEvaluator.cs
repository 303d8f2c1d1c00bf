namespace VictimSurvey.Core.Questionnaires.Expressions;

/// <summary>
/// Evaluates a checked expression over one person's answers. Values are <c>null</c> (missing),
/// <see cref="bool"/>, <see cref="double"/>, <see cref="string"/> (a text or a code),
/// <see cref="DateOnly"/>, or <see cref="IReadOnlySet{T}"/> of codes (a multiple-choice answer).
/// <para>Missing values (docs/methodology/questionnaires.md, "Missing values"), as in SQL's three-valued logic:</para>
/// <list type="bullet">
/// <item>an unanswered or skipped question, or an answer that failed validation, is missing;</item>
/// <item>arithmetic, comparisons (even <c>missing == missing</c>), <c>in</c> and <c>not</c> on a missing operand give missing; so does a division by zero;</item>
/// <item><c>false and missing</c> is false, <c>true or missing</c> is true; otherwise <c>and</c>/<c>or</c> with a missing operand give missing;</item>
/// <item><c>answered(q)</c> is never missing; <c>coalesce(a, b)</c> is <c>b</c> when <c>a</c> is missing.</item>
/// </list>
/// A filter routes to its question only when it is true: false and missing both skip.
/// </summary>
public static class ExpressionEvaluator
{
    public static object? Evaluate(Expr expr, Func<string, object?> valueOf)
    {
        switch (expr)
        {
            case LiteralExpr l:
                return l.Value;
            case NameExpr n:
                return valueOf(n.Name);
            case UnaryExpr { Operator: "not" } u:
                return Evaluate(u.Operand, valueOf) is bool flag ? !flag : null;
            case UnaryExpr u:
                return Evaluate(u.Operand, valueOf) is double d ? -d : null;
            case BinaryExpr { Operator: "and" } b:
                return And(Evaluate(b.Left, valueOf) as bool?, Evaluate(b.Right, valueOf) as bool?);
            case BinaryExpr { Operator: "or" } b:
                return Or(Evaluate(b.Left, valueOf) as bool?, Evaluate(b.Right, valueOf) as bool?);
            case BinaryExpr b:
                return Binary(b.Operator, Evaluate(b.Left, valueOf), Evaluate(b.Right, valueOf));
            case InExpr i:
                var found = In(Evaluate(i.Operand, valueOf), i.Items);
                return found is { } f ? f != i.Negated : null;
            case CallExpr { Function: "answered", Arguments: [NameExpr name] }:
                return valueOf(name.Name) is not null;
            case CallExpr { Function: "coalesce", Arguments: [var first, var second] }:
                return Evaluate(first, valueOf) ?? Evaluate(second, valueOf);
            default:
                throw new ArgumentException($"cannot evaluate {expr}: check the expression first (ExpressionChecker)", nameof(expr));
        }
    }

    /// <summary>True only when the condition is true: a missing condition is not a reason to ask.</summary>
    public static bool IsTrue(object? value) => value is true;

    private static bool? And(bool? left, bool? right) =>
        left == false || right == false ? false : left == true && right == true ? true : null;

    private static bool? Or(bool? left, bool? right) =>
        left == true || right == true ? true : left == false && right == false ? false : null;

    private static object? Binary(string op, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (left is double x && right is double y)
        {
            return op switch
            {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => y == 0 ? null : x / y,
                _ => Order(op, x.CompareTo(y)),
            };
        }

        if (left is DateOnly a && right is DateOnly b)
        {
            return Order(op, a.CompareTo(b));
        }

        if (left is string s && right is string t)
        {
            return op switch { "==" => s == t, "!=" => s != t, _ => null };
        }

        if (left is bool p && right is bool q)
        {
            return op switch { "==" => p == q, "!=" => p != q, _ => null };
        }

        return null; // types the checker refuses; missing rather than a guess
    }

    private static bool? Order(string op, int comparison) => op switch
    {
        "==" => comparison == 0,
        "!=" => comparison != 0,
        "<" => comparison < 0,
        "<=" => comparison <= 0,
        ">" => comparison > 0,
        ">=" => comparison >= 0,
        _ => null,
    };

    /// <summary>A single value: is it in the list. A set of codes: does it hold at least one code of the list.</summary>
    private static bool? In(object? value, IReadOnlyList<LiteralExpr> items) => value switch
    {
        null => null,
        IReadOnlySet<string> codes => items.Any(i => i.Value is string s && codes.Contains(s)),
        _ => items.Any(i => i.Value.Equals(value)),
    };
}
