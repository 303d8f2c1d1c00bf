using VictimSurvey.Core.Questionnaires.Expressions;

namespace VictimSurvey.Core.Tests.Questionnaires;

public class ExpressionCheckerTests
{
    private static readonly Dictionary<string, Symbol> Symbols = new(StringComparer.Ordinal)
    {
        ["count"] = new("count", ExprType.Number),
        ["report"] = new("report", ExprType.Code, new HashSet<string>(StringComparer.Ordinal) { "complaint", "report", "nothing" }),
        ["reasons"] = new("reasons", ExprType.CodeSet, new HashSet<string>(StringComparer.Ordinal) { "fear", "useless" }),
        ["when"] = new("when", ExprType.Date),
        ["victim"] = new("victim", ExprType.Bool, IsQuestion: false),
    };

    private static IReadOnlyList<ExpressionError> Errors(string text) =>
        ExpressionChecker.Check(ExpressionParser.Parse(text), n => Symbols.TryGetValue(n, out var s) ? (s, null) : (null, $"unknown name '{n}'")).Errors;

    [Theory]
    [InlineData("count >= 1 and report == 'complaint'")]
    [InlineData("reasons in ['fear'] or not victim")]
    [InlineData("coalesce(count, 0) * 2 > 1")]
    [InlineData("answered(when)")]
    public void Well_typed_expressions_have_no_error(string text)
    {
        Assert.Empty(Errors(text));
    }

    [Theory]
    [InlineData("count == 'yes'", "cannot compare")]
    [InlineData("report == 1", "codes are written as strings")]
    [InlineData("report == 'complain'", "not a code of report")]
    [InlineData("report in ['complaint', 'police']", "'police' is not a code of report")]
    [InlineData("reasons == 'fear'", "set of codes")]
    [InlineData("report > 'a'", "two numbers or two dates")]
    [InlineData("count and victim", "needs a true/false value")]
    [InlineData("report + 1 > 0", "needs a number")]
    [InlineData("count in ['1']", "must hold numbers")]
    [InlineData("nobody == 1", "unknown name 'nobody'")]
    [InlineData("answered(victim)", "derived variable")]
    [InlineData("answered(count + 1)", "one question id")]
    [InlineData("max(count, 1) > 0", "unknown function")]
    [InlineData("coalesce(count, 'x') == 1", "same type")]
    [InlineData("victim in ['1']", "not a true/false value")]
    public void Type_errors_are_reported_with_a_reason(string text, string message)
    {
        var errors = Errors(text);

        Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void One_unknown_name_gives_one_error_not_a_cascade()
    {
        Assert.Single(Errors("nobody + 1 > count"));
    }
}
