using Microsoft.Playwright;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Web.Tests.BackOffice;

[Collection(BackOfficeCollection.Name)]
public class ShellTests(BackOfficeFixture backOffice)
{
    [DatabaseFact]
    public async Task The_home_page_shows_the_user_and_the_system_status()
    {
        var page = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");

        Assert.Contains("Administrateur", await page.GetByTestId("user-roles").InnerTextAsync(), StringComparison.Ordinal);
        var database = await page.GetByTestId("status-database").InnerTextAsync();
        Assert.Contains("accessible", database, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", database, StringComparison.Ordinal);
        Assert.Contains("0001_create_accounts", await page.GetByTestId("status-schema").InnerTextAsync(), StringComparison.Ordinal);

        // The web app's own Hangfire server registers within a few seconds; refresh until it shows.
        var servers = page.GetByTestId("status-servers");
        for (var i = 0; i < 40 && !(await servers.InnerTextAsync()).Contains("web:", StringComparison.Ordinal); i++)
        {
            await page.GetByTestId("status-refresh").ClickAsync();
            await Task.Delay(250);
        }

        Assert.Contains("web:" + Environment.MachineName, await servers.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("weighting", await page.GetByTestId("status-queues").InnerTextAsync(), StringComparison.Ordinal);
        await BackOfficeFixture.ScreenshotAsync(page, "home-admin");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task The_interface_speaks_French_by_default_and_switches_to_English()
    {
        var page = await backOffice.SignedInPageAsync("statistician", "demo-statistician-2026");
        Assert.Equal("Pondération", (await page.GetByTestId("nav-weighting").InnerTextAsync()).Trim());

        await page.GetByTestId("lang-en").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");

        Assert.Equal("Weighting", (await page.GetByTestId("nav-weighting").InnerTextAsync()).Trim());
        Assert.Equal("Statistician", (await page.GetByTestId("user-roles").InnerTextAsync()).Trim());
        await BackOfficeFixture.ScreenshotAsync(page, "home-statistician-en");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task The_administrator_sees_accounts_and_the_audit_log()
    {
        var page = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");
        await page.GetByTestId("nav-administration").ClickAsync();

        var accounts = page.GetByTestId("accounts-table");
        await accounts.WaitForAsync();
        foreach (var user in new[] { "admin", "manager", "statistician", "analyst" })
        {
            Assert.Contains(user, await accounts.InnerTextAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("signed-in", await page.GetByTestId("audit-table").InnerTextAsync(), StringComparison.Ordinal);
        await BackOfficeFixture.ScreenshotAsync(page, "administration");
        await page.Context.CloseAsync();
    }
}
