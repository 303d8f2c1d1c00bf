namespace VictimSurvey.Core.Fieldwork;

/// <summary>
/// The vocabulary of fieldwork case events, as stored in the database and written in the collection
/// contractor's event files. The strings are a public contract: never rename one.
/// </summary>
public static class CaseEventTypes
{
    public const string CommunicationSent = "communication_sent";
    public const string MailUndeliverable = "mail_undeliverable";
    public const string EmailBounced = "email_bounced";
    public const string WebLogin = "web_login";
    public const string WebPartial = "web_partial";
    public const string WebComplete = "web_complete";
    public const string PaperReceived = "paper_received";
    public const string PhoneNoAnswer = "phone_no_answer";
    public const string PhoneAppointment = "phone_appointment";
    public const string PhoneRefusal = "phone_refusal";
    public const string PhoneComplete = "phone_complete";
    public const string PhoneWrongNumber = "phone_wrong_number";
    public const string IneligibleDeceased = "ineligible_deceased";
    public const string IneligibleMovedAbroad = "ineligible_moved_abroad";
    public const string IneligibleInstitution = "ineligible_institution";
    public const string Refusal = "refusal";
    public const string HelplineContact = "helpline_contact";

    public static IReadOnlyList<string> All { get; } =
    [
        CommunicationSent, MailUndeliverable, EmailBounced, WebLogin, WebPartial, WebComplete, PaperReceived,
        PhoneNoAnswer, PhoneAppointment, PhoneRefusal, PhoneComplete, PhoneWrongNumber,
        IneligibleDeceased, IneligibleMovedAbroad, IneligibleInstitution, Refusal, HelplineContact,
    ];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);
}

/// <summary>Collection modes and communication channels, as stored.</summary>
public static class FieldworkModes
{
    public const string Web = "web";
    public const string Paper = "paper";
    public const string Phone = "phone";
    public const string Mail = "mail";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string FaceToFace = "face_to_face";

    public static IReadOnlyList<string> All { get; } = [Web, Paper, Phone, Mail, Email, Sms, FaceToFace];

    public static bool IsKnown(string mode) => All.Contains(mode, StringComparer.Ordinal);
}

/// <summary>One event of a case (a sample person of an edition): what happened, when, by which mode, reported by which source.</summary>
public sealed record CaseEvent(long CaseId, string Type, DateTimeOffset At, string Mode, string Source);
