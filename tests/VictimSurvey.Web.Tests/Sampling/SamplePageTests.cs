using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Sampling;

/// <summary>The Sample page in a browser, on the fixture's 2024 edition (10,000 persons over 99 departments).</summary>
[Collection(BackOfficeCollection.Name)]
public class SamplePageTests(BackOfficeFixture backOffice)
{
    private const int FirstPageSize = 25;

    [DatabaseFact]
    public async Task A_survey_manager_filters_a_department_pages_and_sorts_the_2024_sample()
    {
        var page = await OpenSampleAsync("manager", "demo-manager-2026");
        await Expect(page.GetByTestId("sample-edition")).ToHaveValueAsync("2024");
        await Expect(page.GetByTestId("sample-size")).ToContainTextAsync(10_000.ToString("N0", French));
        await Expect(page.GetByTestId("sample-row-id")).ToHaveCountAsync(FirstPageSize);

        await ChooseAsync(page, "filter-department", "filter-department-974");
        var departments = page.GetByTestId("sample-row-department");
        await Expect(departments).ToHaveTextAsync(Enumerable.Repeat("974", FirstPageSize).ToArray());
        var pager = page.GetByTestId("sample-pager");
        await Expect(pager).ToContainTextAsync("1–25 sur");

        var firstPageIds = await page.GetByTestId("sample-row-id").AllInnerTextsAsync();
        await pager.GetByRole(AriaRole.Button, new() { Name = "Page suivante" }).ClickAsync();
        await Expect(pager).ToContainTextAsync("26–50 sur");
        await Expect(page.GetByTestId("sample-row-id").First).Not.ToHaveTextAsync(firstPageIds[0]);
        await Expect(departments).ToHaveTextAsync(Enumerable.Repeat("974", FirstPageSize).ToArray());
        var secondPageIds = await page.GetByTestId("sample-row-id").AllInnerTextsAsync();
        Assert.Empty(secondPageIds.Intersect(firstPageIds));

        // Sorting by birth year (in SQL) changes which persons come first, all still from 974.
        var beforeSort = string.Join(",", await page.GetByTestId("sample-row-id").AllInnerTextsAsync());
        await Header(page, "Année de naissance").ClickAsync();
        await Expect(page.GetByTestId("sample-row-id").First).Not.ToHaveTextAsync(secondPageIds[0]);
        await Expect(departments).ToHaveTextAsync(Enumerable.Repeat("974", FirstPageSize).ToArray());
        var birthYears = (await page.GetByTestId("sample-row-birth-year").AllInnerTextsAsync()).Select(int.Parse).ToList();
        Assert.Equal(birthYears.Order(), birthYears);
        Assert.NotEqual(beforeSort, string.Join(",", await page.GetByTestId("sample-row-id").AllInnerTextsAsync()));

        // A new filter starts again from the first page, the department filter still applied.
        await ChooseAsync(page, "filter-sex", "filter-sex-F");
        await Expect(pager).ToContainTextAsync(new Regex(@"(^|\s)1–\d+ sur "));
        await Expect(page.GetByTestId("sample-row-sex").First).ToHaveTextAsync("F");
        var sexes = await page.GetByTestId("sample-row-sex").AllInnerTextsAsync();
        Assert.All(sexes, sex => Assert.Equal("F", sex));
        await Expect(departments).ToHaveTextAsync(Enumerable.Repeat("974", sexes.Count).ToArray());

        // The survey manager's view has the contact columns.
        await Expect(Header(page, "Nom")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("sample-row-last-name")).ToHaveCountAsync(sexes.Count);
        await BackOfficeFixture.ScreenshotAsync(page, "sample-manager");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task A_statistician_sees_the_sample_without_any_name_or_contact_column()
    {
        // The survey manager's first page, default order: the same persons the statistician gets.
        var manager = await OpenSampleAsync("manager", "demo-manager-2026");
        await Expect(manager.GetByTestId("sample-row-last-name")).ToHaveCountAsync(FirstPageSize);
        var lastNames = await manager.GetByTestId("sample-row-last-name").AllInnerTextsAsync();
        var emails = (await manager.GetByTestId("sample-row-email").AllInnerTextsAsync()).Where(e => e.Length > 0).ToList();
        var managerIds = await manager.GetByTestId("sample-row-id").AllInnerTextsAsync();
        await manager.Context.CloseAsync();

        var page = await OpenSampleAsync("statistician", "demo-statistician-2026");
        await Expect(page.GetByTestId("sample-row-id")).ToHaveTextAsync(managerIds.ToArray());
        await Expect(page.GetByTestId("sample-pager")).ToContainTextAsync("sur " + 10_000.ToString("N0", French));

        await Expect(Header(page, "Année de naissance")).ToHaveCountAsync(1);
        foreach (var header in new[] { "Nom", "Prénom", "Adresse", "Téléphone", "Courriel", "Date de naissance" })
        {
            await Expect(Header(page, header)).ToHaveCountAsync(0);
        }

        Assert.Equal(0, await page.GetByTestId("sample-row-last-name").CountAsync());
        var html = await page.ContentAsync();
        Assert.All(lastNames, name => Assert.DoesNotContain($">{name}<", html, StringComparison.Ordinal));
        Assert.NotEmpty(emails);
        Assert.All(emails, email => Assert.DoesNotContain(email, html, StringComparison.Ordinal));
        await BackOfficeFixture.ScreenshotAsync(page, "sample-statistician");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task An_analyst_is_refused_the_sample_page()
    {
        var page = await backOffice.SignedInPageAsync("analyst", "demo-analyst-2026");

        await page.GotoAsync("/sample");

        await page.GetByTestId("access-denied").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("sample-grid").CountAsync());
        Assert.Equal(0, await page.GetByTestId("sample-summary").CountAsync());
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task The_allocation_view_lists_every_department_with_planned_and_drawn_sizes_and_totals()
    {
        var page = await OpenSampleAsync("statistician", "demo-statistician-2026");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Allocation par département" }).ClickAsync();

        await Expect(page.GetByTestId("allocation-row-974")).ToContainTextAsync("974 — La Réunion");
        await Expect(page.Locator("[data-testid^='allocation-row-']")).ToHaveCountAsync(ApproximateAdultPopulation.VrsCoverage.Count);
        var totals = page.GetByTestId("allocation-totals");
        await Expect(totals).ToContainTextAsync("Total");
        await Expect(totals).ToContainTextAsync(10_000.ToString("N0", French));
        await Expect(page.GetByTestId("allocation-chart").Locator("svg").First).ToBeVisibleAsync();
        await BackOfficeFixture.ScreenshotAsync(page, "sample-allocation");
        await page.Context.CloseAsync();
    }

    /// <summary>A column header by its exact title (the header also holds a "Sort" button, so its accessible name is longer).</summary>
    private static ILocator Header(IPage page, string title) =>
        page.GetByTestId("sample-grid").Locator("thead th").GetByText(title, new() { Exact = true });

    private static CultureInfo French => CultureInfo.GetCultureInfo("fr");

    private async Task<IPage> OpenSampleAsync(string userName, string password)
    {
        var page = await backOffice.SignedInPageAsync(userName, password);
        await page.GotoAsync("/sample");
        await BackOfficeFixture.WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>Opens a MudSelect and clicks one of its items (rendered in a popover).</summary>
    private static async Task ChooseAsync(IPage page, string selectTestId, string itemTestId)
    {
        await page.GetByTestId(selectTestId).ClickAsync();
        await page.GetByTestId(itemTestId).ClickAsync();
    }
}
