using VictimSurvey.Core.Questionnaires.Expressions;

namespace VictimSurvey.Core.Tests.Questionnaires;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("a = 1", 3, "==")]
    [InlineData("a == 'yes", 6, "not closed")]
    [InlineData("a == 1 and", 11, "ends")]
    [InlineData("(a == 1", 8, "')'")]
    [InlineData("a < b < c", 7, "do not chain")]
    [InlineData("a in 'x'", 6, "'['")]
    [InlineData("a in [b]", 7, "literal")]
    [InlineData("a == 1 b", 8, "end of the expression")]
    [InlineData("a # 1", 3, "unexpected character")]
    [InlineData("1.2.3 > a", 1, "not a number")]
    [InlineData("2a > 1", 1, "cannot start with a digit")]
    [InlineData("and", 1, "expected a value")]
    public void Syntax_errors_name_the_column_and_the_problem(string text, int column, string message)
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(text));

        Assert.Equal(column, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void And_binds_tighter_than_or_and_not_applies_to_a_whole_comparison()
    {
        var expr = ExpressionParser.Parse("not a == 1 or b == 2 and c == 3");

        var or = Assert.IsType<BinaryExpr>(expr);
        Assert.Equal("or", or.Operator);
        Assert.Equal("not", Assert.IsType<UnaryExpr>(or.Left).Operator);
        Assert.Equal("and", Assert.IsType<BinaryExpr>(or.Right).Operator);
    }

    [Fact]
    public void Names_lists_every_name_read()
    {
        var names = ExpressionParser.Names(ExpressionParser.Parse("a >= 1 and coalesce(b, c) in [1, -2] or answered(d)")).Select(n => n.Name);

        Assert.Equal(["a", "b", "c", "d"], names);
    }
}
