using System.Globalization;
using System.Text;

namespace VictimSurvey.Jobs.Files;

/// <summary>
/// Writes machine-readable CSV (invariant culture, round-trip numbers) to a temporary file beside the
/// target and moves it into place only when complete: a failure never leaves a partial file.
/// </summary>
public static class CsvWriter
{
    public static void WriteAtomically(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                writer.WriteLine(string.Join(',', header.Select(Escape)));
                foreach (var row in rows)
                {
                    writer.WriteLine(string.Join(',', row.Select(Escape)));
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Shortest text that reads back as the same double ("R" round-trip), invariant culture.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Free text for a CSV that people open in a spreadsheet: text starting with =, +, -, @, a tab or a
    /// carriage return gets a leading apostrophe, so that the spreadsheet shows it instead of running it as a
    /// formula (OWASP "CSV injection"). Numbers go through <see cref="Number"/>, never through here.
    /// </summary>
    public static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
