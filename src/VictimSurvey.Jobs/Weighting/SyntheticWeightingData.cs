using System.Globalization;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// A synthetic weighting input at national scale, for benchmarks: respondents in 101 departments
/// (codes 01–95 with 2A/2B, 971–976), sex × 6 age groups, 4 diplomas — 117 margin categories — with
/// design weights varying by department, and margins that differ from the weighted sample by a few
/// percent (±10 %). Seeded: the same arguments give the same files.
/// </summary>
public static class SyntheticWeightingData
{
    public static readonly string[] Departments =
        [.. Enumerable.Range(1, 19).Select(i => i.ToString("00", CultureInfo.InvariantCulture)), "2A", "2B",
         .. Enumerable.Range(21, 75).Select(i => i.ToString("00", CultureInfo.InvariantCulture)), "971", "972", "973", "974", "976"];

    public static readonly string[] AgeGroups = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
    public static readonly string[] Diplomas = ["none", "secondary", "bac", "higher"];

    public sealed record Files(string Data, string Spec, string Margins, int Rows);

    /// <summary>Writes data.csv, margins.csv and a spec (method and bounds given) into <paramref name="folder"/>.</summary>
    public static Files Write(string folder, int rows, string method, string? bounds, int seed = 20240)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var departmentSize = Departments.Select(_ => 0.3 + random.NextDouble() * 2).ToArray();
        var cumulative = departmentSize.Select((s, i) => departmentSize.Take(i + 1).Sum() / departmentSize.Sum()).ToArray();
        var weightOf = Departments.Select(_ => 150 + random.NextDouble() * 900).ToArray();

        var units = new List<(int Dept, string Sex, int Age, int Diploma, double D)>(rows);
        for (var i = 0; i < rows; i++)
        {
            var u = random.NextDouble();
            var dept = Math.Min(Array.FindIndex(cumulative, c => c >= u), Departments.Length - 1);
            var age = (int)Math.Min(5, Math.Floor(random.NextDouble() * random.NextDouble() * 2 * 6));
            units.Add((dept, random.NextDouble() < 0.53 ? "F" : "M", age, random.Next(4), weightOf[dept] * (0.9 + 0.2 * random.NextDouble())));
        }

        var dataPath = Path.Combine(folder, "data.csv");
        CsvWriter.WriteAtomically(dataPath, ["id", "design_weight", "department", "sex", "age_group", "diploma"],
            units.Select((x, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), CsvWriter.Number(x.D), Departments[x.Dept], x.Sex, AgeGroups[x.Age], Diplomas[x.Diploma]]));

        // Margins: weighted sample totals tilted by up to ±10 % per category, rescaled to one common total.
        var total = units.Sum(x => x.D);
        IEnumerable<IReadOnlyList<string>> Margin(string variable, IEnumerable<(string Category, double Weighted)> cells)
        {
            var tilted = cells.Select(c => (c.Category, Value: c.Weighted * (0.90 + 0.20 * random.NextDouble()))).ToList();
            var scale = total / tilted.Sum(c => c.Value);
            return tilted.Select(c => (IReadOnlyList<string>)[variable, c.Category, CsvWriter.Number(c.Value * scale)]);
        }

        var marginsPath = Path.Combine(folder, "margins.csv");
        CsvWriter.WriteAtomically(marginsPath, ["variable", "category", "total"],
            Margin("department", Departments.Select((code, k) => (code, units.Where(x => x.Dept == k).Sum(x => x.D))))
                .Concat(Margin("sex:age_group", new[] { "F", "M" }.SelectMany(s => AgeGroups.Select((a, k) => ($"{s}:{a}", units.Where(x => x.Sex == s && x.Age == k).Sum(x => x.D))))))
                .Concat(Margin("diploma", Diplomas.Select((name, k) => (name, units.Where(x => x.Diploma == k).Sum(x => x.D))))));

        var specPath = Path.Combine(folder, $"spec-{method}.yaml");
        File.WriteAllText(specPath, $"""
            name: bench-{method}
            input:
              id: id
              design_weight: design_weight
            calibration:
              method: {method}
              margins: margins.csv
            {(bounds is null ? "" : $"  bounds: {bounds}\n")}
            """);
        return new Files(dataPath, specPath, marginsPath, rows);
    }
}
