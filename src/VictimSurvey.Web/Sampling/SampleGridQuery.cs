using MudBlazor;
using VictimSurvey.Data.Sampling;

namespace VictimSurvey.Web.Sampling;

/// <summary>The filters chosen above the sample grid; null means "all". Phase 1 is the whole sample.</summary>
public sealed record SampleFilters(string? Department = null, string? Sex = null, string? AgeGroup = null, int Phase = 1);

/// <summary>Turns the grid's paging and sorting state and the page's filters into the store's query.</summary>
public static class SampleGridQuery
{
    public static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>The grid names a sorted column by its row property; the store by its own whitelisted key.</summary>
    private static readonly Dictionary<string, string> StoreSortKeyByProperty = new(StringComparer.Ordinal)
    {
        [nameof(SamplePersonRow.PseudonymousId)] = "id",
        [nameof(SamplePersonRow.DepartmentCode)] = "department",
        [nameof(SamplePersonRow.Stratum)] = "stratum",
        [nameof(SamplePersonRow.Sex)] = "sex",
        [nameof(SamplePersonRow.AgeGroup)] = "ageGroup",
        [nameof(SamplePersonRow.BirthYear)] = "birthYear",
        [nameof(SamplePersonRow.Diploma)] = "diploma",
        [nameof(SamplePersonRow.HouseholdSize)] = "householdSize",
        [nameof(SamplePersonRow.UrbanAreaSize)] = "urbanAreaSize",
        [nameof(SamplePersonRow.InclusionProbability)] = "inclusionProbability",
        [nameof(SamplePersonRow.DesignWeight)] = "designWeight",
        [nameof(SamplePersonWithContactRow.LastName)] = "lastName",
        [nameof(SamplePersonWithContactRow.FirstName)] = "firstName",
        [nameof(SamplePersonWithContactRow.PostalCode)] = "postalCode",
        [nameof(SamplePersonWithContactRow.City)] = "city",
    };

    /// <summary>
    /// The store's query for one grid request. A sorted column without a key in the store's whitelist
    /// for this view is dropped (default order) rather than sent: the store would refuse it, and a
    /// statistician must not sort by a contact field.
    /// </summary>
    public static SamplePageQuery From<T>(int editionYear, GridState<T> state, SampleFilters filters, bool withContact)
    {
        var whitelist = withContact ? SampleStore.ContactSortKeys : SampleStore.PseudonymisedSortKeys;
        var sortKey = state.SortDefinitions
            .OrderBy(s => s.Index)
            .Select(s => (Definition: s, Key: StoreSortKeyByProperty.GetValueOrDefault(s.SortBy ?? "")))
            .FirstOrDefault(s => s.Key is not null && whitelist.ContainsKey(s.Key));
        return new SamplePageQuery(
            editionYear,
            Page: state.Page,
            PageSize: Math.Clamp(state.PageSize, 1, SampleStore.MaxPageSize),
            SortBy: sortKey.Key,
            Descending: sortKey.Definition?.Descending ?? false,
            Department: filters.Department,
            Sex: filters.Sex,
            AgeGroup: filters.AgeGroup,
            Phase: filters.Phase);
    }
}
