using VictimSurvey.Core.Questionnaires;

namespace VictimSurvey.Core.Tests.Questionnaires;

public class ResponseValidatorTests
{
    private static readonly ResponseValidator Validator = ResponseValidator.For(SampleQuestionnaire.Build());

    private static Dictionary<string, string?> Victim() => new(StringComparer.Ordinal)
    {
        ["burglary_screener"] = "yes",
        ["burglary_count"] = "2",
        ["burglary_last_report"] = "report",
        ["burglary_why_not"] = "useless; fear",
        ["burglary_loss_eur"] = "1250.50",
        ["interview_date"] = "2024-03-12",
        ["comment"] = "=cmd|' /C calc'!A0",
    };

    private static ResponseProblem Single(Dictionary<string, string?> answers, string question, ResponseProblemKind kind)
    {
        var problem = Assert.Single(Validator.Check(answers).Problems);
        Assert.Equal(question, problem.QuestionId);
        Assert.Equal(kind, problem.Kind);
        return problem;
    }

    [Fact]
    public void A_consistent_victim_has_no_problem_and_gets_derived_variables_as_0_1()
    {
        var check = Validator.Check(Victim());

        Assert.True(check.IsValid, string.Join("\n", check.Problems));
        Assert.Equal(1.0, check.Derived["victim_burglary"]);
        Assert.Equal(0.0, check.Derived["complaint_burglary"]);
        Assert.Equal(2.0, check.Derived["incidents"]);
    }

    [Fact]
    public void A_non_victim_skips_the_follow_up_questions_and_is_0_not_missing()
    {
        var check = Validator.Check(new Dictionary<string, string?> { ["burglary_screener"] = "no", ["interview_date"] = "2024-03-12", ["burglary_count"] = " " });

        Assert.True(check.IsValid, string.Join("\n", check.Problems));
        Assert.Equal(0.0, check.Derived["victim_burglary"]);
        Assert.Equal(0.0, check.Derived["complaint_burglary"]);
        Assert.Equal(0.0, check.Derived["incidents"]);
    }

    [Fact]
    public void Wrong_types_are_reported()
    {
        var answers = Victim();
        answers["burglary_count"] = "two";
        answers["burglary_loss_eur"] = "1250,50";
        answers["interview_date"] = "12/03/2024";

        var problems = Validator.Check(answers).Problems;

        Assert.Equal(["burglary_count", "burglary_loss_eur", "interview_date"], problems.Select(p => p.QuestionId));
        Assert.All(problems, p => Assert.Equal(ResponseProblemKind.WrongType, p.Kind));
        Assert.Contains("'.' as the decimal separator", problems[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_not_in_the_list_is_reported_for_single_and_multiple_choice()
    {
        var single = Victim();
        single["burglary_last_report"] = "police";
        var multiple = Victim();
        multiple["burglary_why_not"] = "fear;shame";

        // The unknown report code makes the why-not question's filter missing, so its answer is out of route too.
        var problems = Validator.Check(single).Problems;
        Assert.Equal(ResponseProblemKind.UnknownCode, problems[0].Kind);
        Assert.Contains("'police' is not one of the codes (complaint, report, nothing)", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'shame'", Single(multiple, "burglary_why_not", ResponseProblemKind.UnknownCode).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_out_of_range_are_reported()
    {
        var answers = Victim();
        answers["burglary_count"] = "0";

        var problem = Single(answers, "burglary_count", ResponseProblemKind.OutOfRange);

        Assert.Contains("[1, 99]", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_to_a_question_the_filter_skips_is_reported()
    {
        var answers = Victim();
        answers["burglary_screener"] = "no";
        answers.Remove("burglary_last_report");
        answers.Remove("burglary_why_not");
        answers.Remove("burglary_loss_eur");

        var problem = Single(answers, "burglary_count", ResponseProblemKind.AnsweredWhereSkipped);

        Assert.Contains("burglary_screener == 'yes'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_question_routed_to_but_unanswered_is_reported_and_an_optional_one_is_not()
    {
        var answers = Victim();
        answers["burglary_last_report"] = "";
        answers.Remove("burglary_loss_eur");
        answers.Remove("burglary_why_not"); // skipped: its filter reads the missing report, so it is missing, not true

        var problem = Single(answers, "burglary_last_report", ResponseProblemKind.MissingWhereRequired);

        Assert.Contains("routed to", problem.Reason, StringComparison.Ordinal);
        Assert.Null(Validator.Check(answers).Derived["complaint_burglary"]);
    }

    [Fact]
    public void An_answer_to_an_unknown_question_is_reported()
    {
        var answers = Victim();
        answers["burglary_colour"] = "red";

        Single(answers, "burglary_colour", ResponseProblemKind.UnknownQuestion);
    }

    [Fact]
    public void Every_problem_is_returned_at_once()
    {
        var answers = new Dictionary<string, string?>
        {
            ["burglary_screener"] = "yes",
            ["burglary_count"] = "100",
            ["burglary_last_report"] = "complaint",
            ["burglary_why_not"] = "fear",
            ["burglary_loss_eur"] = "-3",
            ["extra"] = "1",
        };

        var kinds = Validator.Check(answers).Problems.Select(p => p.Kind).ToList();

        Assert.Equal(
            [ResponseProblemKind.UnknownQuestion, ResponseProblemKind.OutOfRange, ResponseProblemKind.AnsweredWhereSkipped, ResponseProblemKind.OutOfRange, ResponseProblemKind.MissingWhereRequired],
            kinds);
    }

    [Fact]
    public void A_questionnaire_that_breaks_the_rules_cannot_validate_answers()
    {
        var broken = SampleQuestionnaire.Build([SampleQuestionnaire.Count]);

        var error = Assert.Throws<ArgumentException>(() => ResponseValidator.For(broken));

        Assert.Contains("unknown question 'burglary_screener'", error.Message, StringComparison.Ordinal);
    }
}
