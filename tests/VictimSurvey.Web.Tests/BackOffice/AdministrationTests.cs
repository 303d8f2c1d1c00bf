using Microsoft.Playwright;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Web.Tests.BackOffice;

[Collection(BackOfficeCollection.Name)]
public class AdministrationTests(BackOfficeFixture backOffice)
{
    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [DatabaseFact]
    public async Task The_administrator_creates_an_account_that_can_then_sign_in_with_its_role()
    {
        var userName = "new-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");
        await admin.GetByTestId("nav-administration").ClickAsync();
        await admin.GetByTestId("accounts-table").WaitForAsync();

        await Input(admin, "new-user-name").FillAsync(userName);
        await Input(admin, "new-display-name").FillAsync("Nouvelle Analyste");
        await Input(admin, "new-password").FillAsync("a-long-new-password");
        await Input(admin, "new-role-analyst").CheckAsync();
        await admin.GetByTestId("new-create").ClickAsync();
        await admin.GetByTestId("accounts-table").GetByText(userName).First.WaitForAsync();
        await admin.Context.CloseAsync();

        var newcomer = await backOffice.SignedInPageAsync(userName, "a-long-new-password");
        Assert.Equal(1, await newcomer.GetByTestId("nav-estimates").CountAsync());
        Assert.Equal(0, await newcomer.GetByTestId("nav-administration").CountAsync());
        await newcomer.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task The_administrator_unlocks_a_locked_account()
    {
        var userName = "locked-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "the-right-password";
        await backOffice.Accounts.CreateAsync(new NewAccount(userName, "", password, [Roles.Analyst]), "test", default);
        for (var i = 0; i < LockoutPolicy.Default.MaxFailedAttempts; i++)
        {
            await backOffice.Accounts.SignInAsync(userName, "wrong-password", default);
        }

        Assert.Equal(SignInOutcome.LockedOut, (await backOffice.Accounts.SignInAsync(userName, password, default)).Outcome);

        var admin = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");
        await admin.GetByTestId("nav-administration").ClickAsync();
        await admin.GetByTestId("unlock-" + userName).ClickAsync();
        await admin.GetByTestId("unlock-" + userName).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await admin.Context.CloseAsync();

        Assert.Equal(SignInOutcome.Succeeded, (await backOffice.Accounts.SignInAsync(userName, password, default)).Outcome);
    }
}
