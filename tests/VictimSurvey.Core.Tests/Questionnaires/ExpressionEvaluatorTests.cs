using VictimSurvey.Core.Questionnaires.Expressions;

namespace VictimSurvey.Core.Tests.Questionnaires;

public class ExpressionEvaluatorTests
{
    private static readonly Dictionary<string, object?> Answers = new(StringComparer.Ordinal)
    {
        ["count"] = 3.0,
        ["zero"] = 0.0,
        ["report"] = "complaint",
        ["reasons"] = new HashSet<string>(StringComparer.Ordinal) { "fear", "useless" },
        ["when"] = new DateOnly(2023, 5, 1),
        ["since"] = new DateOnly(2023, 1, 1),
        ["yes"] = true,
        ["no"] = false,
        ["gone"] = null,
    };

    private static object? Eval(string text) => ExpressionEvaluator.Evaluate(ExpressionParser.Parse(text), n => Answers.GetValueOrDefault(n));

    [Theory]
    [InlineData("count >= 1", true)]
    [InlineData("count + 2 * 3 == 9", true)]
    [InlineData("(count + 2) * 3 == 15", true)]
    [InlineData("-count < 0", true)]
    [InlineData("count / 2 == 1.5", true)]
    [InlineData("report == 'complaint'", true)]
    [InlineData("report != \"complaint\"", false)]
    [InlineData("report in ['report', 'complaint']", true)]
    [InlineData("report not in ['report', 'complaint']", false)]
    [InlineData("count in [1, 2, 3]", true)]
    [InlineData("reasons in ['fear']", true)]
    [InlineData("reasons in ['shame', 'other']", false)]
    [InlineData("when > since", true)]
    [InlineData("not yes or no", false)]
    [InlineData("yes and not no", true)]
    [InlineData("answered(count) and not answered(gone)", true)]
    public void Expressions_evaluate_as_written(string text, bool expected)
    {
        Assert.Equal(expected, Eval(text));
    }

    [Theory]
    [InlineData("gone == 1")]
    [InlineData("gone != 1")]
    [InlineData("gone == gone")]
    [InlineData("gone + 1 > 0")]
    [InlineData("gone in ['a']")]
    [InlineData("gone not in ['a']")]
    [InlineData("not (gone == 1)")]
    [InlineData("yes and gone == 1")]
    [InlineData("no or gone == 1")]
    [InlineData("count / zero > 1")]
    public void Missing_operands_give_missing(string text)
    {
        Assert.Null(Eval(text));
    }

    [Theory]
    [InlineData("no and gone == 1", false)]
    [InlineData("gone == 1 and no", false)]
    [InlineData("yes or gone == 1", true)]
    [InlineData("gone == 1 or yes", true)]
    [InlineData("coalesce(gone, 0) == 0", true)]
    [InlineData("coalesce(count, 0) == 3", true)]
    public void And_or_and_coalesce_decide_despite_a_missing_operand_when_the_other_side_settles_it(string text, bool expected)
    {
        Assert.Equal(expected, Eval(text));
    }

    [Fact]
    public void A_missing_filter_is_not_true()
    {
        Assert.False(ExpressionEvaluator.IsTrue(Eval("gone == 1")));
        Assert.True(ExpressionEvaluator.IsTrue(Eval("count == 3")));
    }
}
