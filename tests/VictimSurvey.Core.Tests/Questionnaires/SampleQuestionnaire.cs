using VictimSurvey.Core.Questionnaires;

namespace VictimSurvey.Core.Tests.Questionnaires;

/// <summary>A small burglary questionnaire built in code, and helpers to build broken variants (given questions, no derived variable unless given).</summary>
internal static class SampleQuestionnaire
{
    public static LocalizedText L(string text) => new(text + " (fr)", text);

    public static Code C(string value) => new(value, L(value));

    public static Question Q(string id, QuestionType type, string? filter = null, bool required = true, NumericRange? range = null, params string[] codes) =>
        new(id, L(id), type, codes.Select(C).ToList(), range, required, filter);

    public static readonly Question Screener = Q("burglary_screener", QuestionType.SingleChoice, codes: ["yes", "no"]);
    public static readonly Question Count = Q("burglary_count", QuestionType.Integer, "burglary_screener == 'yes'", range: new NumericRange(1, 99));
    public static readonly Question LastReport = Q("burglary_last_report", QuestionType.SingleChoice, "burglary_screener == 'yes'", codes: ["complaint", "report", "nothing"]);
    public static readonly Question WhyNot = Q("burglary_why_not", QuestionType.MultipleChoice, "burglary_last_report in ['report', 'nothing']", codes: ["useless", "not_serious", "fear"]);
    public static readonly Question Loss = Q("burglary_loss_eur", QuestionType.Decimal, "burglary_screener == 'yes'", required: false, range: new NumericRange(0, 1_000_000));
    public static readonly Question Date = Q("interview_date", QuestionType.Date);
    public static readonly Question Comment = Q("comment", QuestionType.Text, required: false);

    public static Questionnaire Build(IReadOnlyList<Question>? questions = null, IReadOnlyList<DerivedVariable>? derived = null) =>
        new("test-burglary", "1", L("Test"),
            [new QuestionnaireModule("burglary", L("Burglary"), questions ?? [Screener, Count, LastReport, WhyNot, Loss, Date, Comment])],
            derived ?? (questions is not null ? [] :
            [
                new DerivedVariable("victim_burglary", L("Victim"), "burglary_screener == 'yes' and burglary_count >= 1"),
                new DerivedVariable("complaint_burglary", L("Complaint"), "victim_burglary and burglary_last_report == 'complaint'"),
                new DerivedVariable("incidents", L("Incidents"), "coalesce(burglary_count, 0)"),
            ]));
}
