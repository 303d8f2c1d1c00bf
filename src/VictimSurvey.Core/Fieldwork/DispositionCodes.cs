namespace VictimSurvey.Core.Fieldwork;

/// <summary>
/// The AAPOR outcome groups that the rate formulas count: I, P, R, NC, O (eligible), UH, UO (unknown
/// eligibility), NE (not eligible). AAPOR Standard Definitions, 10th edition (2023), "Calculating rates".
/// </summary>
public enum AaporCategory
{
    /// <summary>I: complete interview (1.1).</summary>
    Complete,

    /// <summary>P: partial interview (1.2).</summary>
    Partial,

    /// <summary>R: refusal and break-off (2.1x).</summary>
    Refusal,

    /// <summary>NC: non-contact (2.2x).</summary>
    NonContact,

    /// <summary>O: other eligible non-interview (2.3x).</summary>
    Other,

    /// <summary>UH: unknown eligibility, nothing known about the person or the address (3.1x).</summary>
    UnknownHousehold,

    /// <summary>UO: unknown eligibility, other (3.2x–3.9x).</summary>
    UnknownOther,

    /// <summary>NE: not eligible (4.x).</summary>
    NotEligible,
}

/// <summary>A final disposition code: the AAPOR code as text ("2.1121"), its label and its rate group.</summary>
public sealed record DispositionCode(string Code, string Label, AaporCategory Category);

/// <summary>
/// The final disposition codes this survey uses. They are AAPOR's codes for mail and internet surveys
/// of specifically named persons (Standard Definitions, 10th ed., 2023, tables 3 and 4) and, for
/// telephone outcomes, the telephone table; codes marked "local" refine an AAPOR code for an outcome
/// AAPOR has no sub-code for, and always collapse into the AAPOR category given (AAPOR allows finer
/// codes as long as they collapse into its own).
/// </summary>
public static class DispositionCodes
{
    public static readonly DispositionCode Complete = new("1.1", "Complete", AaporCategory.Complete);
    public static readonly DispositionCode Partial = new("1.2", "Partial", AaporCategory.Partial);
    public static readonly DispositionCode Refusal = new("2.11", "Refusal", AaporCategory.Refusal);

    /// <summary>Logged on to the web questionnaire and answered nothing: AAPOR's "implicit refusal" (internet table).</summary>
    public static readonly DispositionCode LoggedOnNoAnswer = new("2.1121", "Logged on to the survey, did not complete any item", AaporCategory.Refusal);

    /// <summary>A web partial below the partial threshold.</summary>
    public static readonly DispositionCode BreakOff = new("2.12", "Break-off", AaporCategory.Refusal);

    /// <summary>A telephone appointment was made with the person but never led to an interview (telephone table 2.21).</summary>
    public static readonly DispositionCode NeverAvailable = new("2.21", "Respondent never available (appointment not kept)", AaporCategory.NonContact);

    /// <summary>The person called the helpline, neither refused nor answered (AAPOR 2.36, miscellaneous other).</summary>
    public static readonly DispositionCode OtherContact = new("2.36", "Other: contact through the helpline, no interview", AaporCategory.Other);

    public static readonly DispositionCode NotMailed = new("3.11", "Not contacted (no communication sent)", AaporCategory.UnknownHousehold);
    public static readonly DispositionCode PhoneNoAnswer = new("3.13", "Telephone: no answer", AaporCategory.UnknownHousehold);
    public static readonly DispositionCode NothingReturned = new("3.19", "Nothing ever returned", AaporCategory.UnknownHousehold);
    public static readonly DispositionCode Undelivered = new("3.30", "Invitation returned undelivered (mail or e-mail)", AaporCategory.UnknownOther);

    /// <summary>Local refinement of AAPOR 3.90: the number does not reach the named person; says nothing about eligibility.</summary>
    public static readonly DispositionCode WrongNumber = new("3.91", "Telephone number does not reach the person (wrong number)", AaporCategory.UnknownOther);

    /// <summary>Local refinements of AAPOR 4.10 (out of sample): the person is outside the target population at collection time.</summary>
    public static readonly DispositionCode Deceased = new("4.11", "Not eligible: deceased", AaporCategory.NotEligible);

    public static readonly DispositionCode MovedAbroad = new("4.12", "Not eligible: moved abroad", AaporCategory.NotEligible);
    public static readonly DispositionCode InInstitution = new("4.13", "Not eligible: living in an institution", AaporCategory.NotEligible);

    public static IReadOnlyList<DispositionCode> All { get; } =
    [
        Complete, Partial, Refusal, LoggedOnNoAnswer, BreakOff, NeverAvailable, OtherContact,
        NotMailed, PhoneNoAnswer, NothingReturned, Undelivered, WrongNumber, Deceased, MovedAbroad, InInstitution,
    ];
}
