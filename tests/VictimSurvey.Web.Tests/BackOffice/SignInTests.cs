using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Web.Tests.BackOffice;

[Collection(BackOfficeCollection.Name)]
public class SignInTests(BackOfficeFixture backOffice)
{
    private static readonly string[] AllSections = ["editions", "sample", "fieldwork", "weighting", "releases", "estimates", "administration"];

    [DatabaseTheory]
    [InlineData("admin", "demo-admin-2026", new[] { "administration" })]
    [InlineData("manager", "demo-manager-2026", new[] { "editions", "sample", "fieldwork" })]
    [InlineData("statistician", "demo-statistician-2026", new[] { "editions", "sample", "fieldwork", "weighting", "releases", "estimates" })]
    [InlineData("analyst", "demo-analyst-2026", new[] { "estimates" })]
    public async Task Each_role_signs_in_and_sees_only_its_menu(string userName, string password, string[] expectedSections)
    {
        var page = await backOffice.SignedInPageAsync(userName, password);

        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(userName);
        foreach (var section in AllSections)
        {
            var expected = expectedSections.Contains(section) ? 1 : 0;
            Assert.True(expected == await page.GetByTestId("nav-" + section).CountAsync(), $"{userName}: menu entry '{section}' expected {expected} time(s)");
        }

        Assert.Equal(userName == "admin" ? 1 : 0, await page.GetByTestId("nav-jobs").CountAsync());
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task A_wrong_password_shows_an_error_and_stays_signed_out()
    {
        var page = await backOffice.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByTestId("login-username").FillAsync("analyst");
        await page.GetByTestId("login-password").FillAsync("not-the-password");
        await page.GetByTestId("login-submit").ClickAsync();

        var error = page.GetByTestId("login-error");
        await error.WaitForAsync();
        Assert.StartsWith("Identifiant ou mot de passe incorrect.", await error.InnerTextAsync(), StringComparison.Ordinal);
        await BackOfficeFixture.ScreenshotAsync(page, "login-error");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var userName = "lock-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "the-right-password";
        await backOffice.Accounts.CreateAsync(new NewAccount(userName, "", password, [Roles.Analyst]), "test", default);
        var page = await backOffice.NewPageAsync();

        for (var attempt = 1; attempt <= LockoutPolicy.Default.MaxFailedAttempts + 1; attempt++)
        {
            await page.GotoAsync("/account/login");
            await page.GetByTestId("login-username").FillAsync(userName);
            await page.GetByTestId("login-password").FillAsync(attempt <= LockoutPolicy.Default.MaxFailedAttempts ? "wrong-password" : password);
            await page.GetByTestId("login-submit").ClickAsync();
            await page.GetByTestId("login-error").WaitForAsync();
        }

        // The right password is refused too, with the same message as a wrong one (no hint that the account exists).
        Assert.StartsWith("Identifiant ou mot de passe incorrect.", await page.GetByTestId("login-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        Assert.NotNull((await backOffice.Accounts.FindAsync(userName, default))!.LockedUntil);
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task A_session_ends_when_its_account_gets_locked()
    {
        var userName = "session-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "the-right-password";
        await backOffice.Accounts.CreateAsync(new NewAccount(userName, "", password, [Roles.Analyst]), "test", default);
        var page = await backOffice.SignedInPageAsync(userName, password);

        for (var i = 0; i < LockoutPolicy.Default.MaxFailedAttempts; i++)
        {
            await backOffice.Accounts.SignInAsync(userName, "wrong-password", default);
        }

        // The open page is checked every 2 s in the tests (VICTIMSURVEY_SESSION_CHECK_SECONDS); a new request too.
        await page.WaitForURLAsync("**/account/login**", new PageWaitForURLOptions { Timeout = 15_000 });
        await page.GotoAsync("/estimates");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_and_then_back_to_the_page_asked_for()
    {
        var page = await backOffice.NewPageAsync();
        await page.GotoAsync("/estimates");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);

        await page.GetByTestId("login-username").FillAsync("analyst");
        await page.GetByTestId("login-password").FillAsync("demo-analyst-2026");
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync("**/estimates");
        await page.GetByTestId("page-title").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await backOffice.SignedInPageAsync("manager", "demo-manager-2026");
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/account/login");

        await page.GotoAsync("/editions");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
