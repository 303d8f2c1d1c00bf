using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Web.Components.Layout;

namespace VictimSurvey.Web.Tests.Layout;

/// <summary>The menu as a component, without a server: which entries it renders for which roles, in which language.</summary>
public class NavMenuTests : BunitContext
{
    public NavMenuTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
    }

    private IRenderedComponent<NavMenu> RenderFor(params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetRoles(roles);
        return Render<NavMenu>();
    }

    [Fact]
    public void A_survey_manager_gets_editions_sample_fieldwork_and_responses_and_no_job_dashboard()
    {
        var menu = RenderFor(Roles.SurveyManager);

        Assert.Equal(
            ["nav-home", "nav-editions", "nav-sample", "nav-fieldwork", "nav-responses"],
            menu.FindAll("[data-testid^=nav-]").Select(e => e.GetAttribute("data-testid")).Where(id => id != "nav-menu"));
    }

    [Theory]
    [InlineData("fieldwork", "nav-fieldwork")]
    [InlineData("fieldwork/responses", "nav-responses")]
    [InlineData("sample/allocation", "nav-sample")]
    public void Only_the_entry_of_the_current_page_is_active(string address, string active)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetRoles(Roles.SurveyManager);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(address);

        var menu = Render<NavMenu>();

        Assert.Equal(
            [active],
            menu.FindAll("[data-testid^=nav-]").Where(e => e.ClassList.Contains("active")).Select(e => e.GetAttribute("data-testid")));
    }

    [Fact]
    public void An_administrator_gets_administration_and_the_job_dashboard()
    {
        var menu = RenderFor(Roles.Admin);

        Assert.NotNull(menu.Find("[data-testid=nav-administration]"));
        Assert.Empty(menu.FindAll("[data-testid=nav-responses]"));
        Assert.Equal("jobs", menu.Find("[data-testid=nav-jobs]").GetAttribute("href"));
    }

    [Fact]
    public void Entries_are_labelled_in_the_current_language()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("fr");
            var french = RenderFor(Roles.Statistician);
            Assert.Equal("Pondération", french.Find("[data-testid=nav-weighting]").TextContent.Trim());

            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var english = Render<NavMenu>();
            Assert.Equal("Weighting", english.Find("[data-testid=nav-weighting]").TextContent.Trim());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
