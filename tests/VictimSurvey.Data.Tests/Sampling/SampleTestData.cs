using System.Globalization;
using Npgsql;
using VictimSurvey.Data.Departments;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Data.Tests.Sampling;

/// <summary>Stores and jobs on the shared test database, and one edition year per test so tests never share a sample.</summary>
public sealed class SampleServices(NpgsqlDataSource db)
{
    public EditionStore Editions { get; } = new(db);
    public SampleStore Samples { get; } = new(db);
    public SampleLoader Loader { get; } = new(db);
    public SampleDrawJob Draw => new(Editions, Samples, Loader);
    public SampleImportJob Import => new(Editions, new DepartmentStore(db), Samples, Loader);
}

/// <summary>Import files for the tests: a header and rows that are valid unless a test spoils one field.</summary>
public static class ImportFiles
{
    public static Dictionary<string, string> ValidRow(int k) => new(StringComparer.Ordinal)
    {
        ["id"] = "EXT-" + k.ToString("D5", CultureInfo.InvariantCulture),
        ["department"] = k % 2 == 0 ? "2A" : "75",
        ["sex"] = k % 3 == 0 ? "M" : "F",
        ["birth_date"] = new DateOnly(1950 + k % 50, 1 + k % 12, 1 + k % 28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["diploma"] = "bac",
        ["household_size"] = "2",
        ["urban_area_size"] = k % 2 == 0 ? "20k-200k" : "paris",
        ["inclusion_probability"] = k % 2 == 0 ? "0.01" : "0.002",
        ["last_name"] = "Martin",
        ["first_name"] = "Jeanne",
        ["address"] = "12, rue de la \"Paix\"",
        ["postal_code"] = k % 2 == 0 ? "20000" : "75011",
        ["city"] = k % 2 == 0 ? "Ajaccio" : "Paris",
        ["phone"] = k % 4 == 0 ? "" : "06 12 34 56 78",
        ["email"] = "jeanne.martin@laposte.invalid",
    };

    public static string Write(string folder, IEnumerable<Dictionary<string, string>> rows, IReadOnlyList<string>? columns = null)
    {
        var path = Path.Combine(folder, "sample-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        columns ??= SampleCsvImport.RequiredColumns;
        var lines = new List<string> { string.Join(',', columns) };
        lines.AddRange(rows.Select(r => string.Join(',', columns.Select(c => Quote(r[c])))));
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static string Quote(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
