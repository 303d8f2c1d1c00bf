using System.Reflection;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Sampling;

[Collection(DatabaseCollection.Name)]
public class SampleStoreTests(DatabaseFixture fixture)
{
    private const int Size = 5_000;

    // One drawn edition for the whole class: the queries only read it.
    private static readonly SemaphoreSlim DrawOnce = new(1, 1);
    private static int drawnYear;

    private SampleStore Store() => new(fixture.DataSource);

    private async Task<int> DrawnEditionAsync()
    {
        await DrawOnce.WaitAsync();
        try
        {
            if (drawnYear == 0)
            {
                var year = TestYears.Next(fixture.DataSource);
                await new SampleServices(fixture.DataSource).Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.Proportional, Size, 20), 9), default);
                drawnYear = year;
            }

            return drawnYear;
        }
        finally
        {
            DrawOnce.Release();
        }
    }

    [DatabaseFact]
    public async Task Pages_do_not_overlap_and_together_cover_the_sample()
    {
        var year = await DrawnEditionAsync();

        var ids = new List<long>();
        for (var page = 0; page < 6; page++)
        {
            var result = await Store().PagePseudonymisedAsync(new SamplePageQuery(year, page, 1000, SortBy: "department"), default);
            Assert.Equal(Size, result.TotalCount);
            ids.AddRange(result.Rows.Select(r => r.Id));
        }

        Assert.Equal(Size, ids.Count);
        Assert.Equal(Size, ids.Distinct().Count());
    }

    [DatabaseFact]
    public async Task Filters_by_department_sex_and_age_group_return_only_matching_persons_with_the_right_total()
    {
        var year = await DrawnEditionAsync();
        var paris = (await Store().AllocationAsync(year, default)).Single(a => a.DepartmentCode == "75");

        var byDepartment = await Store().PagePseudonymisedAsync(new SamplePageQuery(year, PageSize: 1000, Department: "75"), default);
        var filtered = await Store().PagePseudonymisedAsync(new SamplePageQuery(year, PageSize: 1000, Department: "75", Sex: "F", AgeGroup: "30-44"), default);

        Assert.Equal(paris.DrawnSize, byDepartment.TotalCount);
        Assert.All(byDepartment.Rows, r => Assert.Equal("75", r.DepartmentCode));
        Assert.InRange(filtered.TotalCount, 1, byDepartment.TotalCount - 1);
        Assert.All(filtered.Rows, r => Assert.Equal(("75", "F", "30-44"), (r.DepartmentCode, r.Sex, r.AgeGroup)));
    }

    [DatabaseFact]
    public async Task Sorting_by_a_whitelisted_column_orders_the_rows_in_both_directions()
    {
        var year = await DrawnEditionAsync();

        var descending = await Store().PagePseudonymisedAsync(new SamplePageQuery(year, PageSize: 500, SortBy: "birthYear", Descending: true), default);
        var ascending = await Store().PagePseudonymisedAsync(new SamplePageQuery(year, PageSize: 500, SortBy: "designWeight"), default);

        Assert.Equal(descending.Rows.Select(r => r.BirthYear).OrderDescending(), descending.Rows.Select(r => r.BirthYear));
        Assert.Equal(ascending.Rows.Select(r => r.DesignWeight).Order(), ascending.Rows.Select(r => r.DesignWeight));
    }

    [DatabaseTheory]
    [InlineData("email")]
    [InlineData("last_name")]
    [InlineData("lastName")] // a contact column: only the survey manager's grid sorts by it
    [InlineData("birth_year; drop table sample_person")]
    public async Task Sorting_by_a_column_outside_the_whitelist_is_refused(string column)
    {
        var year = await DrawnEditionAsync();

        var error = await Assert.ThrowsAsync<SampleException>(() => Store().PagePseudonymisedAsync(new SamplePageQuery(year, SortBy: column), default));

        Assert.Contains("sortable columns are", error.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task The_pseudonymised_page_has_no_contact_data_at_all()
    {
        var year = await DrawnEditionAsync();

        var page = await Store().PagePseudonymisedAsync(new SamplePageQuery(year), default);

        Assert.All(page.Rows, r => Assert.Equal(typeof(SamplePersonRow), r.GetType()));
        var properties = typeof(SamplePersonRow).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();
        foreach (var personal in new[] { "LastName", "FirstName", "BirthDate", "AddressLine", "PostalCode", "City", "Phone", "Email" })
        {
            Assert.DoesNotContain(personal, properties);
        }
    }

    [DatabaseFact]
    public async Task Contact_data_comes_only_from_the_survey_manager_method_and_only_for_survey_managers()
    {
        var year = await DrawnEditionAsync();
        var query = new SamplePageQuery(year, PageSize: 200, Department: "2A", SortBy: "lastName");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Store().PageWithContactForSurveyManagerAsync(query, [Roles.Statistician, Roles.Analyst, Roles.Admin], default));
        var page = await Store().PageWithContactForSurveyManagerAsync(query, [Roles.SurveyManager], default);

        Assert.NotEmpty(page.Rows);
        Assert.All(page.Rows, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.LastName));
            Assert.StartsWith("20", r.PostalCode, StringComparison.Ordinal);
            Assert.NotNull(r.BirthDate);
            Assert.Equal(r.BirthYear, r.BirthDate!.Value.Year);
        });
        Assert.Equal(page.Rows.Select(r => r.LastName).Order(StringComparer.Ordinal), page.Rows.Select(r => r.LastName));
    }

    [DatabaseFact]
    public async Task The_phase_2_filter_returns_the_subsample_with_its_probability()
    {
        var year = TestYears.Next(fixture.DataSource);
        var services = new SampleServices(fixture.DataSource);
        await services.Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.Proportional, 1_000), 3), default);
        var everyone = await Store().PagePseudonymisedAsync(new SamplePageQuery(year, PageSize: 1000), default);
        var selected = Phase2Subsample.Draw(everyone.Rows.Select(r => new Phase1Respondent(r.Id, r.Stratum)).ToList(), _ => 0.2, seed: 4);

        await services.Loader.ReplacePhase2Async(year, selected.Select(s => (s.PersonId, s.SubsamplingProbability)).ToList(), default);
        var phase2 = await Store().PagePseudonymisedAsync(new SamplePageQuery(year, PageSize: 1000, Phase: 2), default);

        Assert.Equal(selected.Select(s => s.PersonId).Order(), phase2.Rows.Select(r => r.Id).Order());
        Assert.All(phase2.Rows, r => Assert.True(r.InPhase2));
        Assert.Equal(1_000, (await Store().PagePseudonymisedAsync(new SamplePageQuery(year, PageSize: 1000, Phase: 1), default)).TotalCount);
    }
}
