namespace VictimSurvey.Core.Weighting;

/// <summary>
/// A table of units as text, column by column, with each row's line in its file (for messages).
/// Values are parsed by the weighting with the invariant culture.
/// </summary>
public sealed class WeightingData
{
    private readonly Dictionary<string, string[]> columns;

    public WeightingData(string source, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, int[] lines)
    {
        Source = source;
        Lines = lines;
        RowCount = rows.Count;
        columns = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var c = 0; c < header.Count; c++)
        {
            var values = new string[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                values[r] = rows[r][c];
            }

            columns[header[c]] = values;
        }
    }

    public string Source { get; }

    public int RowCount { get; }

    /// <summary>Line of each row in the file (the header is line 1).</summary>
    public int[] Lines { get; }

    public string[]? Column(string name) => columns.GetValueOrDefault(name);

    public string[] RequiredColumn(string name, string role) =>
        Column(name) ?? throw new WeightingException($"{Source}: no column '{name}' (the spec names it as {role}; columns: {string.Join(", ", columns.Keys)}).");
}
