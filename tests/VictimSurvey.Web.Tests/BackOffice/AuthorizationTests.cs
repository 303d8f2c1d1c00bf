using Microsoft.Playwright;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Web.Tests.BackOffice;

[Collection(BackOfficeCollection.Name)]
public class AuthorizationTests(BackOfficeFixture backOffice)
{
    [DatabaseTheory]
    [InlineData("/jobs")]
    [InlineData("/jobs/servers")]
    [InlineData("/administration")]
    [InlineData("/sample")]
    [InlineData("/weighting")]
    [InlineData("/fieldwork")]
    public async Task An_analyst_is_refused_pages_outside_the_role(string path)
    {
        var page = await backOffice.SignedInPageAsync("analyst", "demo-analyst-2026");

        var response = await page.GotoAsync(path);

        Assert.Contains("/account/access-denied", page.Url, StringComparison.Ordinal);
        await page.GetByTestId("access-denied").WaitForAsync();
        Assert.Equal(200, response!.Status);
        Assert.Equal(0, await page.Locator("text=Hangfire").CountAsync());
        Assert.Equal(0, await page.GetByTestId("accounts-table").CountAsync());
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task An_analyst_following_a_link_inside_the_app_is_refused_too()
    {
        // Navigation inside the running circuit does not go through the server's endpoint checks:
        // the router's own authorization must refuse.
        var page = await backOffice.SignedInPageAsync("analyst", "demo-analyst-2026");
        await page.EvaluateAsync("() => Blazor.navigateTo('/administration')");

        await page.GetByTestId("access-denied").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("accounts-table").CountAsync());
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task The_administrator_sees_the_job_dashboard()
    {
        var page = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");

        var response = await page.GotoAsync("/jobs/servers");

        Assert.Equal(200, response!.Status);
        Assert.Contains("/jobs/servers", page.Url, StringComparison.Ordinal);
        // The server hosted by the web app itself is listed, named after this machine.
        await page.Locator("text=web:" + Environment.MachineName).First.WaitForAsync();
        await BackOfficeFixture.ScreenshotAsync(page, "jobs-dashboard");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task A_signed_out_visitor_never_reaches_the_job_dashboard()
    {
        var page = await backOffice.NewPageAsync();
        await page.GotoAsync("/jobs");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
