namespace VictimSurvey.Core.Questionnaires.Expressions;

/// <summary>
/// A parsed filter or derived-variable expression. <see cref="Position"/> is the 1-based column in the
/// expression text, for error messages.
/// </summary>
public abstract record Expr(int Position);

/// <summary>A number (double), a string or a boolean literal.</summary>
public sealed record LiteralExpr(object Value, int Position) : Expr(Position);

/// <summary>A question id or a derived variable id.</summary>
public sealed record NameExpr(string Name, int Position) : Expr(Position);

public sealed record UnaryExpr(string Operator, Expr Operand, int Position) : Expr(Position);

/// <summary>Arithmetic (+ - * /), comparison (== != &lt; &lt;= &gt; &gt;=) or logic (and, or).</summary>
public sealed record BinaryExpr(string Operator, Expr Left, Expr Right, int Position) : Expr(Position);

/// <summary><c>x in ['a', 'b']</c> or <c>x not in [...]</c>: membership in a list of literals.</summary>
public sealed record InExpr(Expr Operand, IReadOnlyList<LiteralExpr> Items, bool Negated, int Position) : Expr(Position);

/// <summary>A built-in function: <c>answered(q)</c>, <c>coalesce(a, b)</c>.</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, int Position) : Expr(Position);

/// <summary>A syntax error, at a 1-based column of the expression text.</summary>
public sealed class ExpressionSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
