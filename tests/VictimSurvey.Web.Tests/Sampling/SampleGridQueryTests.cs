using MudBlazor;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Web.Sampling;

namespace VictimSurvey.Web.Tests.Sampling;

/// <summary>The grid's state → the store's query: paging passes through, sorting only by whitelisted keys of the view.</summary>
public class SampleGridQueryTests
{
    private static GridState<SamplePersonRow> State(int page, int pageSize, params (string Property, bool Descending)[] sorts) => new()
    {
        Page = page,
        PageSize = pageSize,
        SortDefinitions = sorts.Select((s, i) => new SortDefinition<SamplePersonRow>(s.Property, s.Descending, i, _ => 0, null!)).ToList(),
    };

    [Fact]
    public void Paging_filters_and_a_whitelisted_sort_reach_the_store()
    {
        var query = SampleGridQuery.From(2024, State(2, 50, (nameof(SamplePersonRow.BirthYear), true)), new SampleFilters("974", "F", "30-44", 2), withContact: false);

        Assert.Equal(new SamplePageQuery(2024, 2, 50, "birthYear", true, "974", "F", "30-44", 2), query);
    }

    [Fact]
    public void A_statistician_cannot_sort_by_a_contact_field_and_gets_the_default_order()
    {
        var query = SampleGridQuery.From(2024, State(0, 25, (nameof(SamplePersonWithContactRow.LastName), false)), new SampleFilters(), withContact: false);

        Assert.Null(query.SortBy);
    }

    [Fact]
    public void A_survey_manager_sorts_by_last_name()
    {
        var query = SampleGridQuery.From(2024, State(0, 25, (nameof(SamplePersonWithContactRow.LastName), false)), new SampleFilters(), withContact: true);

        Assert.Equal("lastName", query.SortBy);
        Assert.True(SampleStore.ContactSortKeys.ContainsKey(query.SortBy!));
    }

    [Fact]
    public void An_unknown_column_is_never_sent_to_the_store()
    {
        var query = SampleGridQuery.From(2024, State(0, 25, ("p.id; drop table sample_person", false)), new SampleFilters(), withContact: true);

        Assert.Null(query.SortBy);
    }

    [Theory]
    [InlineData(new[] { Roles.SurveyManager }, true)]
    [InlineData(new[] { Roles.Statistician, Roles.SurveyManager }, true)]
    [InlineData(new[] { Roles.Statistician }, false)]
    [InlineData(new[] { Roles.Admin, Roles.Statistician }, false)]
    public void Only_survey_managers_see_contact_data(string[] roles, bool expected) =>
        Assert.Equal(expected, SampleAccess.SeesContactData(roles));
}
