using VictimSurvey.Core.Questionnaires;
using static VictimSurvey.Core.Tests.Questionnaires.SampleQuestionnaire;

namespace VictimSurvey.Core.Tests.Questionnaires;

public class QuestionnaireRulesTests
{
    private static QuestionnaireIssue Single(Questionnaire questionnaire, string message)
    {
        var issues = QuestionnaireRules.Check(questionnaire);
        var issue = Assert.Single(issues);
        Assert.Contains(message, issue.Message, StringComparison.Ordinal);
        return issue;
    }

    [Fact]
    public void The_sample_questionnaire_has_no_issue()
    {
        Assert.Empty(QuestionnaireRules.Check(Build()));
    }

    [Fact]
    public void A_question_id_used_twice_is_reported_on_the_second_question()
    {
        var twin = Screener with { Label = L("again") };

        var issue = Single(Build([Screener, twin]), "used twice");

        Assert.Same(twin, issue.Subject);
        Assert.Equal("id", issue.Field);
    }

    [Fact]
    public void A_filter_on_a_later_question_is_reported()
    {
        var issue = Single(Build([Screener with { Filter = "burglary_count >= 1" }, Count]), "asked later");

        Assert.Equal("filter", issue.Field);
    }

    [Fact]
    public void A_filter_on_an_unknown_question_or_on_itself_or_on_a_derived_variable_is_reported()
    {
        Single(Build([Screener, Count with { Filter = "burglary_screner == 'yes'" }]), "unknown question 'burglary_screner'");
        Single(Build([Screener, Count with { Filter = "burglary_count > 1" }]), "is this question");
        Single(Build([Screener, Count with { Filter = "victim_burglary" }], [new DerivedVariable("victim_burglary", L("v"), "burglary_count >= 1")]), "derived variable");
    }

    [Fact]
    public void A_filter_with_a_syntax_error_names_the_column()
    {
        Single(Build([Screener, Count with { Filter = "burglary_screener = 'yes'" }]), "syntax error at column 19");
    }

    [Fact]
    public void A_filter_must_be_a_condition()
    {
        Single(Build([Screener, Count, Loss with { Filter = "burglary_count + 1" }]), "must be a true/false condition");
    }

    [Fact]
    public void Codes_on_a_numeric_question_and_a_choice_question_without_codes_are_reported()
    {
        Single(Build([Screener, Count with { Codes = [C("1")] }]), "codes belong to single_choice and multiple_choice");
        Single(Build([Screener with { Codes = [] }]), "needs codes");
    }

    [Fact]
    public void A_code_listed_twice_or_with_a_separator_is_reported()
    {
        Single(Build([Screener with { Codes = [C("yes"), C("no"), C("yes")] }]), "listed twice");
        Single(Build([Screener with { Codes = [C("yes"), C("no;maybe")] }]), "no spaces or ';'");
    }

    [Fact]
    public void A_range_on_a_non_numeric_question_or_upside_down_or_fractional_on_integers_is_reported()
    {
        Single(Build([Screener with { Range = new NumericRange(0, 1) }]), "a range applies to integer and decimal");
        Single(Build([Screener, Count with { Range = new NumericRange(9, 1) }]), "minimum above its maximum");
        Single(Build([Screener, Count with { Range = new NumericRange(0.5, 9) }]), "whole bounds");
    }

    [Fact]
    public void Ids_that_are_not_identifiers_or_are_keywords_are_reported()
    {
        Single(Build([Screener with { Id = "Burglary-Screener" }]), "must be lower-case letters");
        Single(Build([Screener with { Id = "not" }]), "not a keyword");
    }

    [Fact]
    public void A_missing_english_label_is_reported()
    {
        Single(Build([Screener with { Label = new LocalizedText("Cambriolage", "") }]), "label in French (fr) and in English (en)");
    }

    [Fact]
    public void Derived_variables_referencing_unknown_or_later_names_are_reported()
    {
        Single(Build(null, [new DerivedVariable("victim", L("v"), "burglary_cnt >= 1")]), "unknown name 'burglary_cnt'");
        Single(Build(null,
        [
            new DerivedVariable("complaint", L("c"), "victim and burglary_last_report == 'complaint'"),
            new DerivedVariable("victim", L("v"), "burglary_count >= 1"),
        ]), "defined later");
    }

    [Fact]
    public void Derived_variables_defined_twice_or_named_like_a_question_or_giving_text_are_reported()
    {
        Single(Build(null, [new DerivedVariable("v", L("v"), "burglary_count >= 1"), new DerivedVariable("v", L("v"), "burglary_count >= 2")]), "defined twice");
        Single(Build(null, [new DerivedVariable("burglary_count", L("v"), "burglary_count >= 1")]), "both a question and a derived variable");
        Single(Build(null, [new DerivedVariable("v", L("v"), "coalesce(burglary_last_report, 'none')")]), "must be true/false (0/1) or a number");
    }

    [Fact]
    public void Every_issue_is_returned_not_only_the_first()
    {
        var issues = QuestionnaireRules.Check(Build([Screener with { Range = new NumericRange(0, 1) }, Count with { Filter = "nobody == 1" }, Count]));

        Assert.Equal(3, issues.Count);
    }
}
