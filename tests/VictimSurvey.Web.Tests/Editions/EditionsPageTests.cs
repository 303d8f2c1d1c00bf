using Microsoft.Playwright;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Editions;

[Collection(BackOfficeCollection.Name)]
public class EditionsPageTests(BackOfficeFixture backOffice)
{
    [DatabaseFact]
    public async Task A_survey_manager_creates_next_years_edition_attaches_a_module_and_moves_it_into_the_field()
    {
        var page = await backOffice.SignedInPageAsync("manager", "demo-manager-2026");
        await page.GetByTestId("nav-editions").ClickAsync();
        await Expect(page.GetByTestId("edition-2024-core")).ToHaveTextAsync("vrs-core-2024 v1");
        await Expect(page.GetByTestId("edition-2024-status")).ToContainTextAsync("planifiée");

        await page.GetByTestId("edition-create-next").ClickAsync();
        // Next year's edition starts from this year's settings, planned and without a sample.
        await Expect(page.GetByTestId("edition-2025-core")).ToHaveTextAsync("vrs-core-2024 v1");
        await Expect(page.GetByTestId("edition-2025-status")).ToContainTextAsync("planifiée");

        await page.GetByTestId("edition-2025-edit").ClickAsync();
        await page.GetByTestId("edit-module").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("module-2023-health v1").ClickAsync();
        await page.GetByTestId("edit-status").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("en collecte").ClickAsync();
        await page.GetByTestId("edit-save").ClickAsync();

        await Expect(page.GetByTestId("edition-2025-module")).ToHaveTextAsync("module-2023-health v1");
        await Expect(page.GetByTestId("edition-2025-status")).ToContainTextAsync("en collecte");
        await BackOfficeFixture.ScreenshotAsync(page, "editions");
        await page.Context.CloseAsync();

        // The change is in the audit log, under the manager's name.
        var admin = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");
        await admin.GetByTestId("nav-administration").ClickAsync();
        await Expect(admin.GetByTestId("audit-table")).ToContainTextAsync("2025: module module-2023-health v1; status planned → in_field");
        await admin.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task A_statistician_reads_the_editions_but_cannot_change_them()
    {
        var page = await backOffice.SignedInPageAsync("statistician", "demo-statistician-2026");
        await page.GetByTestId("nav-editions").ClickAsync();

        await Expect(page.GetByTestId("edition-2024-year")).ToHaveTextAsync("2024");
        Assert.Equal(0, await page.GetByTestId("edition-create-next").CountAsync());
        Assert.Equal(0, await page.GetByTestId("edition-2024-edit").CountAsync());
        await page.Context.CloseAsync();
    }
}
