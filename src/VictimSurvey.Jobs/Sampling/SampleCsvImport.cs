using System.Globalization;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Sampling;

/// <summary>One problem of an import file: data row (1 = first row after the header), file line, column, what is wrong.</summary>
public sealed record ImportProblem(int Row, int Line, string Field, string Message)
{
    public override string ToString() => $"row {Row} (line {Line}), {Field}: {Message}";
}

/// <summary>An import file with bad rows; every problem is listed, and nothing was imported.</summary>
public sealed class SampleImportException(string source, IReadOnlyList<ImportProblem> problems)
    : Exception($"{source}: {problems.Count} problem(s), nothing imported:{Environment.NewLine}"
                + string.Join(Environment.NewLine, problems.Take(MessageLimit).Select(p => "  " + p))
                + (problems.Count > MessageLimit ? $"{Environment.NewLine}  … and {problems.Count - MessageLimit} more" : ""))
{
    private const int MessageLimit = 200;

    public IReadOnlyList<ImportProblem> Problems { get; } = problems;
}

/// <summary>
/// Reads an externally drawn sample from CSV (RFC 4180, UTF-8, invariant numbers, ISO dates) and
/// checks every row before anything is written. Columns (any order): id, department, sex, birth_date,
/// diploma, household_size, urban_area_size, inclusion_probability, last_name, first_name, address,
/// postal_code, city, phone, email; optionally stratum (default: the department). Birth year and age
/// group come from the birth date and the edition's reference year.
/// </summary>
public static class SampleCsvImport
{
    public static IReadOnlyList<string> RequiredColumns { get; } =
    [
        "id", "department", "sex", "birth_date", "diploma", "household_size", "urban_area_size", "inclusion_probability",
        "last_name", "first_name", "address", "postal_code", "city", "phone", "email",
    ];

    public const int MaxIdLength = 64;

    /// <summary>Parses and validates; throws <see cref="SampleImportException"/> with every problem when any row is bad.</summary>
    /// <param name="knownDepartments">The reference list (department table).</param>
    /// <param name="coveredDepartments">The departments the edition covers.</param>
    public static IReadOnlyList<NewSamplePerson> Read(CsvTable table, int referenceYear, IReadOnlySet<string> knownDepartments, IReadOnlySet<string> coveredDepartments)
    {
        var missing = RequiredColumns.Where(c => table.ColumnIndex(c) < 0).ToList();
        if (missing.Count > 0)
        {
            throw new InputFileException($"{table.Source}, line 1: missing column(s) {string.Join(", ", missing)} (expected {string.Join(", ", RequiredColumns)}; stratum optional)");
        }

        var column = RequiredColumns.ToDictionary(c => c, table.ColumnIndex, StringComparer.Ordinal);
        var stratumColumn = table.ColumnIndex("stratum");
        var problems = new List<ImportProblem>();
        var persons = new List<NewSamplePerson>(table.Rows.Count);
        var firstRowOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var fields = table.Rows[r];
            var row = r + 1;
            var line = table.Lines[r];
            var before = problems.Count;
            void Problem(string field, string message) => problems.Add(new ImportProblem(row, line, field, message));
            string Value(string name) => fields[column[name]].Trim();
            string Required(string name)
            {
                var value = Value(name);
                if (value.Length == 0)
                {
                    Problem(name, "missing");
                }

                return value;
            }

            string? Optional(string name) => Value(name) is { Length: > 0 } value ? value : null;

            var id = Required("id");
            if (id.Length > MaxIdLength)
            {
                Problem("id", $"longer than {MaxIdLength} characters");
            }
            else if (id.Length > 0 && !firstRowOfId.TryAdd(id, row))
            {
                Problem("id", $"duplicate id '{id}' (already on row {firstRowOfId[id]})");
            }

            var department = Required("department");
            if (department.Length > 0 && !knownDepartments.Contains(department))
            {
                Problem("department", $"unknown department '{department}'");
            }
            else if (department.Length > 0 && !coveredDepartments.Contains(department))
            {
                Problem("department", $"department '{department}' is not covered by this edition");
            }

            var stratum = stratumColumn >= 0 && fields[stratumColumn].Trim() is { Length: > 0 } s ? s : department;
            var sex = OneOf(Required("sex"), "sex", PersonCategories.Sexes, Problem);

            var birthDateText = Required("birth_date");
            DateOnly? birthDate = null;
            string? ageGroup = null;
            if (birthDateText.Length > 0)
            {
                if (!DateOnly.TryParseExact(birthDateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    Problem("birth_date", $"bad date '{birthDateText}' (expected YYYY-MM-DD)");
                }
                else if ((ageGroup = PersonCategories.AgeGroupOf(parsed.Year, referenceYear)) is null)
                {
                    Problem("birth_date", $"born in {parsed.Year}: under {PersonCategories.AdultAge} in the reference year {referenceYear}");
                }
                else if (referenceYear - parsed.Year > 120)
                {
                    Problem("birth_date", $"born in {parsed.Year}: older than 120 in the reference year");
                }
                else
                {
                    birthDate = parsed;
                }
            }

            var diploma = OneOf(Required("diploma"), "diploma", PersonCategories.Diplomas, Problem);
            var household = Required("household_size");
            short householdSize = 0;
            if (household.Length > 0)
            {
                if (!short.TryParse(household, NumberStyles.None, CultureInfo.InvariantCulture, out householdSize))
                {
                    Problem("household_size", $"bad number '{household}' (expected a whole number)");
                }
                else if (householdSize is < 1 or > 20)
                {
                    Problem("household_size", $"{householdSize} is out of range (1 to 20)");
                }
            }

            var urban = OneOf(Required("urban_area_size"), "urban_area_size", PersonCategories.UrbanAreaSizes, Problem);
            var probabilityText = Required("inclusion_probability");
            var probability = 0.0;
            if (probabilityText.Length > 0)
            {
                if (!double.TryParse(probabilityText, NumberStyles.Float, CultureInfo.InvariantCulture, out probability) || !double.IsFinite(probability))
                {
                    Problem("inclusion_probability", $"bad number '{probabilityText}' (expected a decimal with a point, e.g. 0.0038)");
                }
                else if (probability is <= 0 or > 1)
                {
                    Problem("inclusion_probability", $"{probabilityText} is out of range (0 < π ≤ 1)");
                }
            }

            var lastName = Required("last_name");
            var firstName = Required("first_name");
            var address = Required("address");
            var postalCode = Required("postal_code");
            var city = Required("city");
            if (problems.Count == before)
            {
                persons.Add(new NewSamplePerson(
                    id, stratum, department, sex!, ageGroup!, birthDate!.Value.Year, diploma!, householdSize, urban!, probability,
                    new SampleContact(lastName, firstName, birthDate, address, postalCode, city, Optional("phone"), Optional("email"))));
            }
        }

        if (problems.Count > 0)
        {
            throw new SampleImportException(table.Source, problems);
        }

        if (persons.Count == 0)
        {
            throw new InputFileException($"{table.Source}: no rows after the header.");
        }

        return persons;
    }

    private static string? OneOf(string value, string field, IReadOnlyList<string> allowed, Action<string, string> problem)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        problem(field, $"'{value}' is not one of {string.Join(", ", allowed)}");
        return null;
    }
}
