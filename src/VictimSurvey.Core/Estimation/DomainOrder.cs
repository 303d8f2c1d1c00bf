using System.Globalization;

namespace VictimSurvey.Core.Estimation;

/// <summary>
/// The order in which domains are shown (tables, workbook sheets, the fieldwork page): by the number a
/// label starts with, then by what follows, so 2 comes before 10 and department codes follow INSEE's list:
/// 01 … 19, 2A, 2B, 21 … 95, 971 … 976 (Corsica's 2A and 2B took the place of 20). Labels without a leading
/// number come after those with one, in ordinal order.
/// </summary>
/// <remarks>The estimates engine numbers its domains in this order, so its files and the pages agree.</remarks>
public sealed class DomainOrder : IComparer<string>
{
    public static readonly DomainOrder Instance = new();

    private const int KeyDigits = 18;

    public int Compare(string? x, string? y)
    {
        var (xn, xr) = Split(x ?? "");
        var (yn, yr) = Split(y ?? "");
        var byNumber = xn.CompareTo(yn);
        var bySuffix = byNumber != 0 ? byNumber : string.CompareOrdinal(xr, yr);
        // "01" and "1" (or "2A" and "20A") tie on number and suffix: ordinal order decides, so the order is total.
        return bySuffix != 0 ? bySuffix : string.CompareOrdinal(x, y);
    }

    /// <summary>
    /// A text that sorts in this order under any string comparison that orders digits before letters
    /// (what a table's generic sort uses): the leading number zero-padded, then the rest.
    /// </summary>
    public static string SortKey(string? label)
    {
        var (number, rest) = Split(label ?? "");
        // Labels without a number get a run of nines longer than any padded number (a symbol such as "~"
        // would be ignored by a culture-aware comparison).
        return number == long.MaxValue
            ? new string('9', KeyDigits + 1) + rest
            : number.ToString(CultureInfo.InvariantCulture).PadLeft(KeyDigits, '0') + rest;
    }

    private static (long Number, string Suffix) Split(string text)
    {
        if (text is "2A" or "2B")
        {
            return (20, text[1..]);
        }

        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        return digits == 0 || digits > KeyDigits
            ? (long.MaxValue, text)
            : (long.Parse(text[..digits], CultureInfo.InvariantCulture), text[digits..]);
    }
}
