using System.Globalization;

namespace VictimSurvey.Core.Weighting;

/// <summary>A row of a margins table: <c>variable,category,total</c>; <see cref="Line"/> is its line in the file, for messages.</summary>
public sealed record MarginRow(string Variable, string Category, double Total, int Line);

/// <summary>
/// Turns the units' values (strings, as read from a file) and a margins table into the margins of a
/// <see cref="CalibrationProblem"/>. A variable whose rows have an empty category is a numeric margin;
/// <c>a:b</c> is the crossing of columns a and b, its categories written <c>x:y</c>.
/// </summary>
public static class MarginsBuilder
{
    public const char CrossSeparator = ':';

    /// <param name="unitCount">Number of units (respondents).</param>
    /// <param name="column">The values of a data column for the units, or null when the data has no such column.</param>
    /// <param name="margins">The margins table.</param>
    /// <param name="marginsSource">How to name the margins file in messages.</param>
    /// <param name="describeUnit">How to name unit i in messages (its row in the data file).</param>
    public static (IReadOnlyList<CategoricalMargin> Categorical, IReadOnlyList<NumericMargin> Numeric) Build(
        int unitCount,
        Func<string, IReadOnlyList<string>?> column,
        IReadOnlyList<MarginRow> margins,
        string marginsSource,
        Func<int, string> describeUnit)
    {
        var categorical = new List<CategoricalMargin>();
        var numeric = new List<NumericMargin>();
        foreach (var group in margins.GroupBy(r => r.Variable, StringComparer.Ordinal))
        {
            var rows = group.ToList();
            var isNumeric = rows.Any(r => r.Category.Length == 0);
            if (isNumeric)
            {
                if (rows.Count != 1)
                {
                    throw new WeightingException($"{marginsSource}, line {rows[1].Line}: numeric margin '{group.Key}' (empty category) must have exactly one row.");
                }

                numeric.Add(new NumericMargin(group.Key, NumericValues(group.Key, unitCount, column, describeUnit), rows[0].Total));
                continue;
            }

            categorical.Add(Categorical(group.Key, rows, unitCount, column, marginsSource, describeUnit));
        }

        return (categorical, numeric);
    }

    private static CategoricalMargin Categorical(string variable, List<MarginRow> rows, int unitCount, Func<string, IReadOnlyList<string>?> column, string marginsSource, Func<int, string> describeUnit)
    {
        var parts = variable.Split(CrossSeparator);
        var columns = parts.Select(part => column(part)
            ?? throw new WeightingException($"{marginsSource}, line {rows[0].Line}: margin variable '{part}' is not a column of the data.")).ToList();

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Category.Split(CrossSeparator).Length != parts.Length)
            {
                throw new WeightingException($"{marginsSource}, line {row.Line}: category '{row.Category}' of crossed margin '{variable}' must have {parts.Length} parts separated by '{CrossSeparator}'.");
            }

            if (!index.TryAdd(row.Category, index.Count))
            {
                throw new WeightingException($"{marginsSource}, line {row.Line}: category '{row.Category}' of margin '{variable}' appears twice.");
            }
        }

        var categoryOfUnit = new int[unitCount];
        for (var i = 0; i < unitCount; i++)
        {
            var values = new string[parts.Length];
            for (var c = 0; c < parts.Length; c++)
            {
                values[c] = columns[c][i];
                if (string.IsNullOrEmpty(values[c]))
                {
                    throw new WeightingException($"{describeUnit(i)}, column '{parts[c]}': missing value (margin '{variable}').");
                }
            }

            var key = string.Join(CrossSeparator, values);
            if (!index.TryGetValue(key, out categoryOfUnit[i]))
            {
                var shown = string.Join(", ", index.Keys.Take(12)) + (index.Count > 12 ? ", …" : "");
                throw new WeightingException($"{describeUnit(i)}, column '{variable}': value '{key}' is not a category of margin '{variable}' in {marginsSource} (categories: {shown}).");
            }
        }

        return new CategoricalMargin(variable, [.. index.Keys], categoryOfUnit, [.. rows.Select(r => r.Total)]);
    }

    private static double[] NumericValues(string variable, int unitCount, Func<string, IReadOnlyList<string>?> column, Func<int, string> describeUnit)
    {
        var raw = column(variable) ?? throw new WeightingException($"Numeric margin '{variable}' is not a column of the data.");
        var values = new double[unitCount];
        for (var i = 0; i < unitCount; i++)
        {
            if (!double.TryParse(raw[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new WeightingException(raw[i].Length == 0
                    ? $"{describeUnit(i)}, column '{variable}': missing value (numeric margin)."
                    : $"{describeUnit(i)}, column '{variable}': '{raw[i]}' is not a number (numeric margin; use a dot for decimals).");
            }
        }

        return values;
    }
}
