using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Sampling;

[Collection(DatabaseCollection.Name)]
public sealed class SampleImportTests(DatabaseFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vs-import-").FullName;

    private SampleServices Services() => new(fixture.DataSource);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string File(params Dictionary<string, string>[] rows) => ImportFiles.Write(folder, rows);

    private static Dictionary<string, string>[] GoodRows(int count) => Enumerable.Range(1, count).Select(ImportFiles.ValidRow).ToArray();

    [DatabaseFact]
    public async Task A_valid_file_is_loaded_with_design_weights_derived_ages_and_contacts()
    {
        var year = TestYears.NextForFixedBirthDates(fixture.DataSource);

        var result = await Services().Import.RunAsync(File(GoodRows(4)), year, replace: false, default);

        Assert.Equal((4, 2, true), (result.Persons, result.Departments, result.EditionCreated));
        var page = await Services().Samples.PageWithContactForSurveyManagerAsync(new SamplePageQuery(year, SortBy: "id"), [Roles.SurveyManager], default);
        var first = page.Rows[0];
        Assert.Equal(("EXT-00001", "75", "75", 1951, "75+"), (first.PseudonymousId, first.DepartmentCode, first.Stratum, first.BirthYear, first.AgeGroup));
        Assert.Equal(500, first.DesignWeight, 1e-9);
        Assert.Equal(("Martin", "12, rue de la \"Paix\"", new DateOnly(1951, 2, 2)), (first.LastName, first.AddressLine, first.BirthDate));
        Assert.Null(page.Rows[3].Phone);
        var allocation = await Services().Samples.AllocationAsync(year, default);
        Assert.Equal([("2A", 2, 200L), ("75", 2, 1000L)], allocation.Select(a => (a.DepartmentCode, a.PlannedSize, a.Population)));
        Assert.Equal("imported", (await Services().Samples.GetDrawAsync(year, default))!.AllocationMethod);
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "department", "ZZ", "unknown department 'ZZ'" },
        { "department", "973", "department '973' is not covered" },
        { "id", "EXT-00001", "duplicate id 'EXT-00001' (already on row 1)" },
        { "id", "", "missing" },
        { "inclusion_probability", "", "missing" },
        { "inclusion_probability", "0", "out of range (0 < π ≤ 1)" },
        { "inclusion_probability", "1.5", "out of range" },
        { "inclusion_probability", "-0.1", "out of range" },
        { "inclusion_probability", "0,01", "bad number '0,01'" },
        { "inclusion_probability", "NaN", "bad number" },
        { "birth_date", "1980-13-01", "bad date '1980-13-01'" },
        { "birth_date", "12/03/1980", "bad date" },
        { "birth_date", "2099-05-01", "under 18" },
        { "household_size", "two", "bad number 'two'" },
        { "household_size", "0", "out of range" },
        { "sex", "X", "'X' is not one of F, M" },
        { "urban_area_size", "metropolis", "is not one of" },
        { "last_name", " ", "missing" },
    };

    [DatabaseTheory]
    [MemberData(nameof(BadValues))]
    public async Task Import_rejects_a_bad_row_naming_its_row_and_field_and_changes_nothing(string field, string value, string expected)
    {
        var year = TestYears.NextForFixedBirthDates(fixture.DataSource);
        await Services().Import.RunAsync(File(GoodRows(2)), year, replace: false, default);
        var before = await Services().Samples.PagePseudonymisedAsync(new SamplePageQuery(year), default);
        var rows = GoodRows(3);
        rows[2][field] = value;

        var error = await Assert.ThrowsAsync<SampleImportException>(() => Services().Import.RunAsync(File(rows), year, replace: true, default));

        var problem = Assert.Single(error.Problems);
        Assert.Equal((3, 4, field), (problem.Row, problem.Line, problem.Field));
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Contains($"row 3 (line 4), {field}: ", error.Message, StringComparison.Ordinal);
        var after = await Services().Samples.PagePseudonymisedAsync(new SamplePageQuery(year), default);
        Assert.Equal(before.Rows, after.Rows);
    }

    [DatabaseFact]
    public async Task Every_problem_of_the_file_is_reported_not_only_the_first()
    {
        var year = TestYears.NextForFixedBirthDates(fixture.DataSource);
        var rows = GoodRows(6);
        rows[1]["department"] = "00";
        rows[3]["inclusion_probability"] = "";
        rows[3]["birth_date"] = "yesterday";
        rows[5]["id"] = rows[0]["id"];

        var error = await Assert.ThrowsAsync<SampleImportException>(() => Services().Import.RunAsync(File(rows), year, replace: false, default));

        Assert.Equal([(2, "department"), (4, "birth_date"), (4, "inclusion_probability"), (6, "id")], error.Problems.Select(p => (p.Row, p.Field)));
        Assert.Null(await Services().Editions.GetAsync(year, default)); // not even the edition was created
    }

    [DatabaseFact]
    public async Task A_file_without_a_required_column_is_refused_naming_the_column()
    {
        var path = ImportFiles.Write(folder, GoodRows(1), SampleCsvImport.RequiredColumns.Where(c => c != "inclusion_probability").ToList());

        var error = await Assert.ThrowsAsync<InputFileException>(() => Services().Import.RunAsync(path, TestYears.NextForFixedBirthDates(fixture.DataSource), replace: false, default));

        Assert.Contains("inclusion_probability", error.Message, StringComparison.Ordinal);
    }
}
