using System.Globalization;
using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// AAPOR counts and rates as CSV: one row per group, the national row ("national") first. Invariant
/// culture, numbers in round-trip form ("R"), a rate that does not exist (zero denominator) as NaN;
/// a group label that looks like a formula is prefixed with an apostrophe.
/// </summary>
public static class RatesCsv
{
    public const string NationalGroup = "national";

    public static IReadOnlyList<string> Columns { get; } =
    [
        "group", "n", "I", "P", "R", "NC", "O", "UH", "UO", "NE", "e",
        "RR1", "RR2", "RR3", "RR4", "RR5", "RR6", "COOP1", "COOP2", "COOP3", "COOP4",
        "REF1", "REF2", "REF3", "CON1", "CON2", "CON3",
    ];

    /// <param name="withGroups">False for the national row only.</param>
    public static void Write(TextWriter writer, GroupedRates<string> rates, bool withGroups)
    {
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        WriteRow(writer, NationalGroup, rates.TotalCounts, rates.Total);
        if (withGroups)
        {
            foreach (var g in rates.Groups)
            {
                WriteRow(writer, g.Key, g.Counts, g.Rates);
            }
        }
    }

    private static void WriteRow(TextWriter writer, string group, DispositionCounts c, ResponseRates r)
    {
        long[] counts = [c.Total, c.I, c.P, c.R, c.NC, c.O, c.UH, c.UO, c.NE];
        double[] rates =
        [
            r.E, r.RR1, r.RR2, r.RR3, r.RR4, r.RR5, r.RR6, r.COOP1, r.COOP2, r.COOP3, r.COOP4,
            r.REF1, r.REF2, r.REF3, r.CON1, r.CON2, r.CON3,
        ];
        var fields = new List<string> { Quote(group) };
        fields.AddRange(counts.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        fields.AddRange(rates.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
        writer.Write(string.Join(',', fields));
        writer.Write('\n');
    }

    // A group label that a spreadsheet would take for a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
    private static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
