using MudBlazor;
using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Web.Components.Layout;

/// <summary>Where each section lives and its icon; the roles come from <see cref="Sections"/>.</summary>
public static class SectionLinks
{
    public static string Slug(Section section) => section.ToString().ToLowerInvariant();

    public static string Href(Section section) => Slug(section);

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
