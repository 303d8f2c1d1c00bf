using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Web.Tests.BackOffice;

[Collection(BackOfficeCollection.Name)]
public class ShellTests(BackOfficeFixture backOffice)
{
    [DatabaseFact]
    public async Task The_home_page_shows_the_user_and_the_system_status()
    {
        var page = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");

        // Expect(...) retries until the text shows (or times out): the panels load after the first render.
        await Expect(page.GetByTestId("user-roles")).ToContainTextAsync("Administrateur");
        await Expect(page.GetByTestId("status-database")).ToContainTextAsync("accessible");
        await Expect(page.GetByTestId("status-database")).ToContainTextAsync("PostgreSQL");
        // The latest migration of this build, whichever it is (new features add migrations).
        await Expect(page.GetByTestId("status-schema")).ToContainTextAsync(VictimSurvey.Data.Infrastructure.Migrator.KnownScripts()[^1]);

        // The web app's own Hangfire server registers within a few seconds; refresh until it shows.
        var servers = page.GetByTestId("status-servers");
        for (var i = 0; i < 40 && !(await servers.InnerTextAsync()).Contains("web:", StringComparison.Ordinal); i++)
        {
            await page.GetByTestId("status-refresh").ClickAsync();
            await Task.Delay(250);
        }

        await Expect(servers).ToContainTextAsync("web:" + Environment.MachineName);
        await Expect(page.GetByTestId("status-queues")).ToContainTextAsync("weighting");
        await BackOfficeFixture.ScreenshotAsync(page, "home-admin");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task The_interface_speaks_French_by_default_and_switches_to_English()
    {
        var page = await backOffice.SignedInPageAsync("statistician", "demo-statistician-2026");
        await Expect(page.GetByTestId("nav-weighting")).ToHaveTextAsync("Pondération");

        await page.GetByTestId("lang-en").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");

        await Expect(page.GetByTestId("nav-weighting")).ToHaveTextAsync("Weighting");
        await Expect(page.GetByTestId("user-roles")).ToHaveTextAsync("Statistician");
        await BackOfficeFixture.ScreenshotAsync(page, "home-statistician-en");

        // Dates in English read day/month/year on a 24-hour clock (the fixture's release: 2999-01-01 09:00 in Paris).
        await page.GotoAsync("/releases");
        await Expect(page.GetByTestId("release-publication-" + backOffice.ReleaseId)).ToContainTextAsync("01/01/2999 09:00");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task The_administrator_sees_accounts_and_the_audit_log()
    {
        var page = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");
        await page.GetByTestId("nav-administration").ClickAsync();

        // The tables fill after the page's first render: Expect(...) waits for the rows.
        var accounts = page.GetByTestId("accounts-table");
        foreach (var user in new[] { "admin", "manager", "statistician", "analyst" })
        {
            await Expect(accounts).ToContainTextAsync(user);
        }

        // An action is named in French, with its stored code beneath.
        var signIn = page.GetByTestId("audit-action").Filter(new() { HasText = "signed-in" }).First;
        await Expect(signIn).ToContainTextAsync("Connexion");
        await BackOfficeFixture.ScreenshotAsync(page, "administration");
        await page.Context.CloseAsync();
    }
}
