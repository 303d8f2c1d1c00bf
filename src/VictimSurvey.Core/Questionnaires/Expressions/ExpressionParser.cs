using System.Globalization;

namespace VictimSurvey.Core.Questionnaires.Expressions;

/// <summary>
/// Parses the small expression language of questionnaires (grammar in docs/methodology/questionnaires.md):
/// <code>
/// expr       := or
/// or         := and ('or' and)*
/// and        := not ('and' not)*
/// not        := 'not' not | comparison
/// comparison := sum (('=='|'!='|'&lt;'|'&lt;='|'&gt;'|'&gt;=') sum | 'not'? 'in' '[' literal (',' literal)* ']')?
/// sum        := product (('+'|'-') product)*
/// product    := unary (('*'|'/') unary)*
/// unary      := '-' unary | number | string | 'true' | 'false' | name | name '(' args ')' | '(' expr ')'
/// </code>
/// Comparisons do not chain (<c>a &lt; b &lt; c</c> is an error) so that no one reads them as in mathematics.
/// </summary>
public static class ExpressionParser
{
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal) { "and", "or", "not", "in", "true", "false" };

    private static readonly HashSet<string> Comparisons = new(StringComparer.Ordinal) { "==", "!=", "<", "<=", ">", ">=" };

    /// <exception cref="ExpressionSyntaxException">with the column of the offending token.</exception>
    public static Expr Parse(string text)
    {
        var parser = new Parser(Tokenize(text));
        var expr = parser.Or();
        parser.ExpectEnd();
        return expr;
    }

    /// <summary>The names an expression reads (questions or derived variables), in order of appearance.</summary>
    public static IEnumerable<NameExpr> Names(Expr expr) => expr switch
    {
        NameExpr n => [n],
        UnaryExpr u => Names(u.Operand),
        BinaryExpr b => Names(b.Left).Concat(Names(b.Right)),
        InExpr i => Names(i.Operand),
        CallExpr c => c.Arguments.SelectMany(Names),
        _ => [],
    };

    private enum TokenKind { Number, String, Name, Symbol, End }

    private sealed record Token(TokenKind Kind, string Text, int Position, object? Value = null);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var position = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                var literal = text[start..i];
                if (!double.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    throw new ExpressionSyntaxException($"'{literal}' is not a number", position);
                }

                if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
                {
                    throw new ExpressionSyntaxException($"a name cannot start with a digit ('{literal}{text[i]}...')", position);
                }

                tokens.Add(new Token(TokenKind.Number, literal, position, number));
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new ExpressionSyntaxException($"string starting at column {position} is not closed (missing {c})", position);
                }

                tokens.Add(new Token(TokenKind.String, text[i..(end + 1)], position, text[(i + 1)..end]));
                i = end + 1;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..i], position));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                if (two is "==" or "!=" or "<=" or ">=")
                {
                    tokens.Add(new Token(TokenKind.Symbol, two, position));
                    i += 2;
                }
                else if (c == '=')
                {
                    throw new ExpressionSyntaxException("'=' alone is not an operator: write == to compare", position);
                }
                else if ("<>+-*/()[],".Contains(c, StringComparison.Ordinal))
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString(), position));
                    i++;
                }
                else
                {
                    throw new ExpressionSyntaxException($"unexpected character '{c}'", position);
                }
            }
        }

        tokens.Add(new Token(TokenKind.End, "end of expression", text.Length + 1));
        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _next;

        private Token Peek => tokens[_next];

        public void ExpectEnd()
        {
            if (Peek.Kind != TokenKind.End)
            {
                throw Unexpected(Peek, "an operator or the end of the expression");
            }
        }

        public Expr Or()
        {
            var left = And();
            while (IsName("or"))
            {
                var op = tokens[_next++];
                left = new BinaryExpr("or", left, And(), op.Position);
            }

            return left;
        }

        private Expr And()
        {
            var left = Not();
            while (IsName("and"))
            {
                var op = tokens[_next++];
                left = new BinaryExpr("and", left, Not(), op.Position);
            }

            return left;
        }

        private Expr Not()
        {
            if (IsName("not"))
            {
                var op = tokens[_next++];
                return new UnaryExpr("not", Not(), op.Position);
            }

            return Comparison();
        }

        private Expr Comparison()
        {
            var left = Sum();
            var token = Peek;
            Expr result;
            if (token.Kind == TokenKind.Symbol && Comparisons.Contains(token.Text))
            {
                _next++;
                result = new BinaryExpr(token.Text, left, Sum(), token.Position);
            }
            else if (IsName("in") || (IsName("not") && tokens[_next + 1] is { Kind: TokenKind.Name, Text: "in" }))
            {
                var negated = IsName("not");
                _next += negated ? 2 : 1;
                result = new InExpr(left, List(), negated, token.Position);
            }
            else
            {
                return left;
            }

            if (Peek.Kind == TokenKind.Symbol && Comparisons.Contains(Peek.Text) || IsName("in"))
            {
                throw new ExpressionSyntaxException($"comparisons do not chain: combine them with 'and' (at '{Peek.Text}')", Peek.Position);
            }

            return result;
        }

        private List<LiteralExpr> List()
        {
            Expect("[", "'[' to open the list after 'in'");
            var items = new List<LiteralExpr>();
            do
            {
                var negative = IsSymbol("-") ? tokens[_next++] : null;
                var token = tokens[_next++];
                items.Add(token switch
                {
                    { Kind: TokenKind.Number } => new LiteralExpr(negative is null ? (double)token.Value! : -(double)token.Value!, (negative ?? token).Position),
                    { Kind: TokenKind.String } when negative is null => new LiteralExpr(token.Value!, token.Position),
                    _ => throw Unexpected(token, "a string or number literal in the list"),
                });
            }
            while (TryTake(","));
            Expect("]", "',' or ']' in the list");
            return items;
        }

        private Expr Sum()
        {
            var left = Product();
            while (IsSymbol("+") || IsSymbol("-"))
            {
                var op = tokens[_next++];
                left = new BinaryExpr(op.Text, left, Product(), op.Position);
            }

            return left;
        }

        private Expr Product()
        {
            var left = Unary();
            while (IsSymbol("*") || IsSymbol("/"))
            {
                var op = tokens[_next++];
                left = new BinaryExpr(op.Text, left, Unary(), op.Position);
            }

            return left;
        }

        private Expr Unary()
        {
            var token = tokens[_next++];
            switch (token.Kind)
            {
                case TokenKind.Symbol when token.Text == "-":
                    return new UnaryExpr("-", Unary(), token.Position);
                case TokenKind.Symbol when token.Text == "(":
                    var inner = Or();
                    Expect(")", "')' to close the parenthesis opened at column " + token.Position.ToString(CultureInfo.InvariantCulture));
                    return inner;
                case TokenKind.Number:
                case TokenKind.String:
                    return new LiteralExpr(token.Value!, token.Position);
                case TokenKind.Name when token.Text is "true" or "false":
                    return new LiteralExpr(token.Text == "true", token.Position);
                case TokenKind.Name when Keywords.Contains(token.Text):
                    throw Unexpected(token, "a value");
                case TokenKind.Name when IsSymbol("("):
                    _next++;
                    var arguments = new List<Expr>();
                    if (!TryTake(")"))
                    {
                        do
                        {
                            arguments.Add(Or());
                        }
                        while (TryTake(","));
                        Expect(")", "',' or ')' in the arguments of " + token.Text);
                    }

                    return new CallExpr(token.Text, arguments, token.Position);
                case TokenKind.Name:
                    return new NameExpr(token.Text, token.Position);
                default:
                    throw Unexpected(token, "a value");
            }
        }

        private bool IsName(string word) => Peek.Kind == TokenKind.Name && Peek.Text == word;

        private bool IsSymbol(string symbol) => Peek.Kind == TokenKind.Symbol && Peek.Text == symbol;

        private bool TryTake(string symbol)
        {
            if (!IsSymbol(symbol))
            {
                return false;
            }

            _next++;
            return true;
        }

        private void Expect(string symbol, string what)
        {
            if (!TryTake(symbol))
            {
                throw Unexpected(Peek, what);
            }
        }

        private static ExpressionSyntaxException Unexpected(Token token, string expected) =>
            new(token.Kind == TokenKind.End ? $"expected {expected} but the expression ends" : $"expected {expected}, found '{token.Text}'", token.Position);
    }
}
