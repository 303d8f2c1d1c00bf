using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>
/// One step of an edition's contact protocol: on day <see cref="DayOffset"/> of the season, send
/// <see cref="Template"/> by <see cref="Channel"/> to the open cases that <see cref="Target"/> names.
/// A <see cref="ProtocolTargets.Close"/> step sends nothing; it ends the protocol.
/// </summary>
public sealed record ProtocolStep
{
    public int StepNumber { get; init; }
    public int DayOffset { get; init; }
    public string? Channel { get; init; }
    public string Target { get; init; } = "";
    public string? Template { get; init; }
}

/// <summary>Which cases a protocol step reaches. Every target is restricted to open cases (see <see cref="ProtocolStore"/>).</summary>
public static class ProtocolTargets
{
    public const string Open = "open";
    public const string OpenWithPhone = "open_with_phone";
    public const string OpenWithEmail = "open_with_email";
    public const string Close = "close";

    public static IReadOnlyList<string> All { get; } = [Open, OpenWithPhone, OpenWithEmail, Close];
}

/// <summary>The VRS protocol, stored for an edition that has none when the protocol is first run or shown.</summary>
public static class VrsProtocol
{
    public static IReadOnlyList<ProtocolStep> Default { get; } =
    [
        new() { StepNumber = 1, DayOffset = 0, Channel = FieldworkModes.Mail, Target = ProtocolTargets.Open, Template = "invitation-letter-web-credentials" },
        new() { StepNumber = 2, DayOffset = 10, Channel = FieldworkModes.Mail, Target = ProtocolTargets.Open, Template = "reminder-letter" },
        new() { StepNumber = 3, DayOffset = 21, Channel = FieldworkModes.Mail, Target = ProtocolTargets.Open, Template = "reminder-with-paper-questionnaire" },
        new() { StepNumber = 4, DayOffset = 35, Channel = FieldworkModes.Phone, Target = ProtocolTargets.OpenWithPhone, Template = "telephone-follow-up" },
        new() { StepNumber = 5, DayOffset = 70, Target = ProtocolTargets.Close },
    ];
}

/// <summary>An edition's fieldwork settings: its id and status, and the season (dates in Europe/Paris).</summary>
public sealed record FieldworkEdition
{
    public long Id { get; init; }
    public int Year { get; init; }
    public string Status { get; init; } = "";
    public DateOnly? SeasonStart { get; init; }
    public DateOnly? SeasonEnd { get; init; }
}

/// <summary>A fieldwork operation that the rules refuse (no such edition, no season, a bad protocol); the message says why.</summary>
public sealed class FieldworkException(string message) : Exception(message);
