using MudBlazor;
using VictimSurvey.Data.Fieldwork;

namespace VictimSurvey.Web.Fieldwork;

/// <summary>Turns the action grid's paging and sorting state into the store's query.</summary>
public static class ActionGridQuery
{
    public static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>The grid names a sorted column by its row property; the store by its whitelisted key.</summary>
    private static readonly Dictionary<string, string> StoreSortKeyByProperty = new(StringComparer.Ordinal)
    {
        [nameof(ActionCase.CaseId)] = ActionCaseQuery.SortCase,
        [nameof(ActionCase.Department)] = ActionCaseQuery.SortDepartment,
        [nameof(ActionCase.Reason)] = ActionCaseQuery.SortReason,
        [nameof(ActionCase.Since)] = ActionCaseQuery.SortSince,
        [nameof(ActionCase.LastEventAt)] = ActionCaseQuery.SortLastEvent,
    };

    /// <summary>The store's query for one grid request; a column without a whitelisted key is dropped (default order: since when, oldest first).</summary>
    public static ActionCaseQuery From(GridState<ActionCase> state, string? reason)
    {
        var sort = state.SortDefinitions
            .OrderBy(s => s.Index)
            .Select(s => (Definition: s, Key: StoreSortKeyByProperty.GetValueOrDefault(s.SortBy ?? "")))
            .FirstOrDefault(s => s.Key is not null);
        var pageSize = Math.Clamp(state.PageSize, 1, PageSizes[^1]);
        return new ActionCaseQuery(state.Page * pageSize, pageSize, sort.Key, sort.Definition?.Descending ?? false, reason);
    }
}
