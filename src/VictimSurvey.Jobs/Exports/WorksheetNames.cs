using System.Globalization;

namespace VictimSurvey.Jobs.Exports;

/// <summary>Worksheet names Excel accepts: at most 31 characters, none of []:*?/\, no leading or trailing quote, unique.</summary>
public static class WorksheetNames
{
    public const int MaxLength = 31;

    /// <summary>
    /// The name for a sheet titled <paramref name="title"/>, added to <paramref name="used"/>. It is cut only
    /// as far as needed, and a repeat gets "_2", "_3"… within the limit.
    /// </summary>
    public static string Unique(string title, HashSet<string> used)
    {
        var clean = new string(title.Select(c => "[]:*?/\\".Contains(c) ? '_' : c).ToArray()).Trim('\'');
        clean = clean.Length == 0 ? "Indicator" : clean;
        var name = Cut(clean, MaxLength);
        for (var k = 2; !used.Add(name); k++)
        {
            var suffix = "_" + k.ToString(CultureInfo.InvariantCulture);
            name = Cut(clean, MaxLength - suffix.Length) + suffix;
        }

        return name;
    }

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;
}
