namespace VictimSurvey.Core.Fieldwork;

/// <summary>Where a case stands during fieldwork; the contact protocol acts only on open cases.</summary>
public enum CaseState
{
    /// <summary>No event at all.</summary>
    NotContacted,

    /// <summary>Communications sent (or telephone calls unanswered), nothing came back.</summary>
    Invited,

    /// <summary>Mail undeliverable, e-mail bounced or wrong number, and no contact otherwise.</summary>
    Unlocated,

    /// <summary>The person was reached (helpline, appointment) but has not started.</summary>
    Contacted,

    /// <summary>Logged on or answered part of the web questionnaire, no complete yet.</summary>
    Started,

    /// <summary>Closed: a complete questionnaire was received.</summary>
    Completed,

    /// <summary>Closed: the person refused.</summary>
    Refused,

    /// <summary>Closed: the person is outside the target population.</summary>
    Ineligible,
}

/// <summary>Parameters of the disposition rules.</summary>
/// <param name="PartialThreshold">
/// Smallest share of the applicable questions answered for a web partial to count as a partial
/// interview (1.2); below it the case is a break-off (2.12). AAPOR leaves the threshold to the survey
/// and cites 50% as a common choice, which is the default.
/// </param>
public sealed record DispositionRules(double PartialThreshold = 0.5)
{
    public static DispositionRules Default { get; } = new();
}

/// <summary>
/// A case's state and final disposition, derived from its events.
/// </summary>
/// <param name="Disposition">The AAPOR code, label and rate group.</param>
/// <param name="ResponseMode">The mode of the first complete (web, paper, phone); null without a complete used.</param>
/// <param name="FirstCompleteAt">Time of the complete that was used; null without one.</param>
/// <param name="Duplicates">Complete returns not used: every complete after the first, and any complete after an ineligibility.</param>
/// <param name="DecidedBy">The events that decided the disposition (empty for 3.11: no event).</param>
/// <param name="Reason">The decision in words, for the back office and the audit.</param>
public sealed record CaseDisposition(
    long CaseId,
    DispositionCode Disposition,
    CaseState State,
    string? ResponseMode,
    DateTimeOffset? FirstCompleteAt,
    IReadOnlyList<CaseEvent> Duplicates,
    IReadOnlyList<CaseEvent> DecidedBy,
    string Reason)
{
    public string Code => Disposition.Code;

    public string Label => Disposition.Label;

    public AaporCategory Category => Disposition.Category;

    /// <summary>Still worked by the contact protocol: not completed, not refused, not ineligible.</summary>
    public bool IsOpen => State is not (CaseState.Completed or CaseState.Refused or CaseState.Ineligible);
}
