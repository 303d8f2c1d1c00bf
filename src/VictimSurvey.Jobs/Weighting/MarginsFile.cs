using System.Globalization;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// A margins CSV: header <c>variable,category,total</c> (counts), or <c>variable,category,share</c> with the
/// spec's <c>calibration.population_total</c> (shares of each categorical margin sum to 1; a numeric
/// margin's row still gives its total). A crossed margin is <c>sex:age_group</c> with categories <c>F:18-29</c>.
/// </summary>
public static class MarginsFile
{
    private const double ShareSumTolerance = 1e-6;

    public static IReadOnlyList<MarginRow> Read(string path, double? populationTotal)
    {
        var table = CsvReader.Read(path);
        var variable = Required(table, "variable");
        var category = Required(table, "category");
        var totalColumn = table.ColumnIndex("total");
        var shareColumn = table.ColumnIndex("share");
        if ((totalColumn < 0) == (shareColumn < 0))
        {
            throw new InputFileException($"{path}, line 1: the header needs exactly one of 'total' (counts) or 'share' (with calibration.population_total); it is: {string.Join(",", table.Header)}.");
        }

        var shares = shareColumn >= 0;
        if (shares && populationTotal is not > 0)
        {
            throw new InputFileException($"{path}: margins given as shares need calibration.population_total in the spec.");
        }

        var rows = new List<MarginRow>();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var fields = table.Rows[r];
            var line = table.Lines[r];
            var name = fields[variable].Trim();
            var label = fields[category].Trim();
            var text = fields[shares ? shareColumn : totalColumn].Trim();
            if (name.Length == 0)
            {
                throw new InputFileException($"{path}, line {line}: empty variable.");
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new InputFileException($"{path}, line {line}, column '{(shares ? "share" : "total")}': '{text}' is not a number (use a dot for decimals).");
            }

            if (value < 0 && label.Length > 0)
            {
                throw new InputFileException($"{path}, line {line}: negative total {text} for {name} = {label}.");
            }

            var isNumericMargin = label.Length == 0;
            rows.Add(new MarginRow(name, label, shares && !isNumericMargin ? value * populationTotal!.Value : value, line));
        }

        if (shares)
        {
            foreach (var group in rows.Where(r => r.Category.Length > 0).GroupBy(r => r.Variable))
            {
                var sum = group.Sum(r => r.Total) / populationTotal!.Value;
                if (Math.Abs(sum - 1) > ShareSumTolerance)
                {
                    throw new InputFileException(string.Create(CultureInfo.InvariantCulture, $"{path}: the shares of margin '{group.Key}' sum to {sum:R}, not 1."));
                }
            }
        }

        if (rows.Count == 0)
        {
            throw new InputFileException($"{path}: no margin.");
        }

        return rows;
    }

    private static int Required(CsvTable table, string column)
    {
        var index = table.ColumnIndex(column);
        return index >= 0 ? index : throw new InputFileException($"{table.Source}, line 1: no '{column}' column (header must be variable,category,total).");
    }
}
