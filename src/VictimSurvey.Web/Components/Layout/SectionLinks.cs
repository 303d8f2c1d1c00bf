using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Web.Components.Layout;

/// <summary>Where each section lives and its icon; the roles come from <see cref="Sections"/>.</summary>
public static class SectionLinks
{
    public static string Slug(Section section) => section.ToString().ToLowerInvariant();

    public static string Href(Section section) => Slug(section);

    /// <summary>
    /// How the section's menu entry matches the current address: the whole address for Fieldwork, whose
    /// <c>/fieldwork/responses</c> has its own entry ("Réponses": only that one is active there), the
    /// prefix for the others (their sub-pages keep the section active).
    /// </summary>
    public static NavLinkMatch Match(Section section) => section == Section.Fieldwork ? NavLinkMatch.All : NavLinkMatch.Prefix;

    public static string Icon(Section section) => section switch
    {
        Section.Editions => Icons.Material.Filled.CalendarMonth,
        Section.Sample => Icons.Material.Filled.People,
        Section.Fieldwork => Icons.Material.Filled.Timeline,
        Section.Weighting => Icons.Material.Filled.Balance,
        Section.Releases => Icons.Material.Filled.EventAvailable,
        Section.Estimates => Icons.Material.Filled.BarChart,
        Section.Administration => Icons.Material.Filled.AdminPanelSettings,
        _ => Icons.Material.Filled.Circle,
    };
}
