using VictimSurvey.Core.Editions;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Editions;

[Collection(DatabaseCollection.Name)]
public class EditionStoreTests(DatabaseFixture fixture)
{
    private EditionStore Store() => new(fixture.DataSource);

    private static NewEdition Vrs(int year) => new(year, NewEdition.VrsPopulation, ["75", "21", "2B", "2A", "971"],
        "vrs-core", "1", "module-health", "2", "weighting-specs/vrs.yaml");

    [DatabaseFact]
    public async Task A_created_edition_round_trips_with_its_reference_year_and_departments_in_natural_order()
    {
        var year = TestYears.Next(fixture.DataSource);

        var created = await Store().CreateAsync(Vrs(year), default);

        Assert.Equal(year, created.Year);
        Assert.Equal(year - 1, created.ReferenceYear);
        Assert.Equal(["2A", "2B", "21", "75", "971"], created.Departments);
        Assert.Equal(EditionStatus.Planned, created.Status);
        Assert.Equal(("vrs-core", "1", "module-health", "2", "weighting-specs/vrs.yaml"),
            (created.CoreQuestionnaireId, created.CoreQuestionnaireVersion, created.ModuleId, created.ModuleVersion, created.WeightingSpecPath));
        Assert.Contains(await Store().ListAsync(default), e => e.Year == year);
    }

    [DatabaseFact]
    public async Task A_year_has_one_edition()
    {
        var year = TestYears.Next(fixture.DataSource);
        await Store().CreateAsync(Vrs(year), default);

        var error = await Assert.ThrowsAsync<EditionException>(() => Store().CreateAsync(Vrs(year), default));

        Assert.Contains($"{year} already exists", error.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Unknown_departments_are_refused_and_nothing_is_created()
    {
        var year = TestYears.Next(fixture.DataSource);

        var error = await Assert.ThrowsAsync<EditionException>(() => Store().CreateAsync(Vrs(year) with { Departments = ["75", "20", "99"] }, default));

        Assert.Contains("20, 99", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store().GetAsync(year, default));
    }

    [DatabaseFact]
    public async Task Next_year_copies_the_settings_of_the_previous_edition_and_starts_planned()
    {
        var year = TestYears.Next(fixture.DataSource, 2); // the next year is taken by the copy
        var previous = await Store().CreateAsync(Vrs(year), default);
        await Store().SetStatusAsync(year, EditionStatus.Published, default);

        var next = await Store().CreateNextAsync(year, default);

        Assert.Equal(year + 1, next.Year);
        Assert.Equal(EditionStatus.Planned, next.Status);
        Assert.Equal(previous.Departments, next.Departments);
        Assert.Equal(previous with { Id = next.Id, Year = next.Year, ReferenceYear = next.ReferenceYear, CreatedAt = next.CreatedAt, UpdatedAt = next.UpdatedAt, Departments = next.Departments }, next);
    }

    [DatabaseFact]
    public async Task Status_moves_forward_only()
    {
        var year = TestYears.Next(fixture.DataSource);
        await Store().CreateAsync(Vrs(year), default);

        await Store().SetStatusAsync(year, EditionStatus.InField, default);
        await Store().SetStatusAsync(year, EditionStatus.Weighted, default);
        var error = await Assert.ThrowsAsync<EditionException>(() => Store().SetStatusAsync(year, EditionStatus.Closed, default));

        Assert.Contains("'weighted' to 'closed'", error.Message, StringComparison.Ordinal);
        Assert.Equal(EditionStatus.Weighted, (await Store().GetAsync(year, default))!.Status);
    }

    [DatabaseFact]
    public async Task Questionnaire_module_and_spec_are_attached_and_departments_can_be_added_while_planned()
    {
        var year = TestYears.Next(fixture.DataSource);
        await Store().CreateAsync(new NewEdition(year, NewEdition.VrsPopulation, ["01"]), default);

        await Store().AttachCoreQuestionnaireAsync(year, "vrs-core-2030", "3", default);
        await Store().AttachModuleAsync(year, "module-2030-discrimination", "1", default);
        await Store().AttachWeightingSpecAsync(year, "weighting-specs/vrs-2030.yaml", default);
        await Store().SetDepartmentsAsync(year, ["01", "973", "976"], default);
        await Store().SetStatusAsync(year, EditionStatus.InField, default);

        var edition = (await Store().GetAsync(year, default))!;
        Assert.Equal(("vrs-core-2030", "3", "module-2030-discrimination", "1", "weighting-specs/vrs-2030.yaml"),
            (edition.CoreQuestionnaireId, edition.CoreQuestionnaireVersion, edition.ModuleId, edition.ModuleVersion, edition.WeightingSpecPath));
        Assert.Equal(["01", "973", "976"], edition.Departments);
        await Assert.ThrowsAsync<EditionException>(() => Store().SetDepartmentsAsync(year, ["01"], default));
    }
}
