using System.Globalization;
using VictimSurvey.Jobs.Fieldwork;

namespace VictimSurvey.Web.Releases;

/// <summary>
/// Publication date-times as the back office shows and takes them: Paris wall-clock time (Europe/Paris, with
/// its summer time), stored as an instant. Pure, so the DST cases are unit-tested.
/// </summary>
public static class PublicationTime
{
    public static TimeZoneInfo Paris => FieldworkClock.Paris;

    /// <summary>The formats of an HTML <c>datetime-local</c> input's value.</summary>
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    /// <summary>Reads a <c>datetime-local</c> value (<c>2026-12-15T09:00</c>) as a wall-clock time; false when it is not one.</summary>
    public static bool TryParseLocal(string? text, out DateTime local)
    {
        var ok = DateTime.TryParseExact(text?.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return ok;
    }

    /// <summary>
    /// The instant at which Paris clocks show <paramref name="local"/>; null when they never show it (the hour
    /// skipped when summer time starts, e.g. 2027-03-28 02:30). In the hour shown twice when summer time ends
    /// (e.g. 2026-10-25 02:30) the first one is taken, still on summer time (UTC+02:00).
    /// </summary>
    public static DateTimeOffset? FromParis(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Paris.IsInvalidTime(local))
        {
            return null;
        }

        var offset = Paris.IsAmbiguousTime(local) ? Paris.GetAmbiguousTimeOffsets(local).Max() : Paris.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The instant as Paris clocks show it, with Paris's offset at that instant.</summary>
    public static DateTimeOffset InParis(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Paris);

    /// <summary>An offset as <c>UTC+01:00</c>.</summary>
    public static string Offset(TimeSpan offset) =>
        "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
