using System.Globalization;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

/// <summary>
/// The R reference files in Weighting/Reference (made by make_reference.R with R's survey package):
/// the synthetic sample, its margins, and R's weights for each case.
/// </summary>
internal static class ReferenceData
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Weighting", "Reference");

    /// <summary>A simple CSV (no quoted fields: the reference files have none) as a list of column → value maps.</summary>
    public static List<Dictionary<string, string>> Read(string file) => ReadFrom(Folder, file);

    public static List<Dictionary<string, string>> ReadFrom(string folder, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, file)).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        return lines.Skip(1).Select(l =>
        {
            var fields = l.Split(',').Select(f => f.Trim('"')).ToArray();
            return header.Select((h, i) => (h, fields[i])).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal);
        }).ToList();
    }

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static List<Dictionary<string, string>> Sample() => Read("sample.csv");

    public static List<Dictionary<string, string>> Respondents() =>
        Sample().Where(r => r["responded"] == "1" && r["eligible"] == "1").ToList();

    public static IReadOnlyList<MarginRow> Margins(string file) =>
        Read(file).Select((r, i) => new MarginRow(r["variable"], r["category"], Number(r["total"]), i + 2)).ToList();

    public static NonresponseInput NonresponseInput(List<Dictionary<string, string>> sample) =>
        new(sample.Select(r => Number(r["design_weight"])).ToArray(),
            sample.Select(r => r["eligible"] == "1").ToArray(),
            sample.Select(r => r["responded"] == "1").ToArray(),
            i => "sample.csv row " + (i + 2).ToString(CultureInfo.InvariantCulture));

    public static CalibrationProblem Problem(List<Dictionary<string, string>> units, double[] startWeights, string marginsFile)
    {
        IReadOnlyList<string>? Column(string name) => units[0].ContainsKey(name) ? units.Select(u => u[name]).ToArray() : null;
        var (categorical, numeric) = MarginsBuilder.Build(units.Count, Column, Margins(marginsFile), marginsFile, i => $"respondent {i}");
        return CalibrationProblem.Create(startWeights, categorical, numeric);
    }

    public static CalibrationMethod Method(string name, string lower) => name switch
    {
        "linear" when lower.Length > 0 => CalibrationMethod.Truncated,
        "linear" => CalibrationMethod.Linear,
        "raking" => CalibrationMethod.Raking,
        "logit" => CalibrationMethod.Logit,
        _ => throw new ArgumentException(name),
    };

    /// <summary>|a − b| ≤ tolerance·|b|, with a message naming the unit.</summary>
    public static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        var error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(error <= tolerance, string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:G3})"));
    }
}
