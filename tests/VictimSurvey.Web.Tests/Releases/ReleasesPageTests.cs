using Dapper;
using Microsoft.Playwright;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Releases;

/// <summary>
/// The Releases page: a statistician sees every release and releases an edition's approved run from the
/// back office; analysts are refused; the administrator reads the release events in the audit log.
/// </summary>
/// <remarks>
/// The release made here is of the fixture's 2024 edition (the only one with an approved run when the
/// fixture starts), published in 2999 after the fixture's own, with "analyst" alone on its list: what the
/// analysts see in the explorer tests is unchanged (the same run, under embargo, for "analyst" only).
/// </remarks>
[Collection(BackOfficeCollection.Name)]
public class ReleasesPageTests(BackOfficeFixture backOffice)
{
    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [DatabaseFact]
    public async Task A_statistician_sees_every_release_and_releases_an_edition_for_its_readers()
    {
        var page = await backOffice.SignedInPageAsync("statistician", "demo-statistician-2026");
        try
        {
            await page.GetByTestId("nav-releases").ClickAsync();
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Diffusions");
            var fixtureRelease = backOffice.ReleaseId;
            await Expect(page.GetByTestId("release-edition-" + fixtureRelease)).ToHaveTextAsync(BackOfficeFixture.ReleaseYear.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.GetByTestId("release-state-" + fixtureRelease)).ToHaveTextAsync("sous embargo");
            await Expect(page.GetByTestId("release-readers-" + fixtureRelease)).ToHaveTextAsync("analyst");
            // 2999-01-01 08:00 UTC is 09:00 in Paris, on winter time.
            await Expect(page.GetByTestId("release-publication-" + fixtureRelease)).ToHaveTextAsync("01/01/2999 09:00 Europe/Paris (UTC+01:00)");
            await Expect(page.GetByTestId("release-created-by-" + fixtureRelease)).ToHaveTextAsync("statistician");
            await BackOfficeFixture.WaitForCircuitAsync(page);

            await page.GetByTestId("release-edition").ClickAsync();
            await page.GetByTestId("release-edition-item-" + BackOfficeFixture.ReleaseYear).ClickAsync();
            await Expect(page.GetByTestId("release-edition")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("calcul n°"));

            // A Paris time that does not exist (the clocks go from 02:00 to 03:00 that night) is refused on the page.
            var publication = Input(page, "release-publication");
            await publication.FillAsync("2999-03-31T02:30");
            await page.GetByTestId("release-create").ClickAsync();
            await Expect(page.GetByTestId("release-error")).ToContainTextAsync("n'existe pas à Paris");

            // 09:00 in Paris in June is 07:00 UTC (summer time).
            await publication.FillAsync("2999-06-01T09:00");
            await Expect(page.GetByTestId("release-publication-utc")).ToContainTextAsync("01/06/2999 07:00 UTC");

            await using var db = DataSourceFactory.Create(backOffice.ConnectionString);
            await using var conn = await db.OpenConnectionAsync();
            // The store's own refusal is shown on the page: the edition's approval withdrawn after the page was opened
            // (the collection's tests run one at a time, and the approval is put back at once).
            var approved = await conn.QuerySingleAsync<long>("select approved_run_id from edition where year = @ReleaseYear", new { BackOfficeFixture.ReleaseYear });
            await conn.ExecuteAsync("update edition set approved_run_id = null where year = @ReleaseYear", new { BackOfficeFixture.ReleaseYear });
            try
            {
                await page.GetByTestId("release-create").ClickAsync();
                await Expect(page.GetByTestId("release-error")).ToContainTextAsync("no approved weighting run");
            }
            finally
            {
                await conn.ExecuteAsync("update edition set approved_run_id = @approved where year = @ReleaseYear", new { approved, BackOfficeFixture.ReleaseYear });
            }

            Assert.Equal(0, await conn.ExecuteScalarAsync<int>("select count(*)::int from release where publication_at = '2999-06-01T07:00:00Z'"));
            await page.GetByTestId("release-readers").ClickAsync();
            await page.GetByTestId("release-reader-analyst").ClickAsync();
            await page.Keyboard.PressAsync("Escape");
            await page.GetByTestId("release-create").ClickAsync();
            await Expect(page.GetByTestId("release-created")).ToBeVisibleAsync();

            var id = await conn.QuerySingleAsync<long>("select id from release where publication_at = '2999-06-01T07:00:00Z'");
            await Expect(page.GetByTestId("release-state-" + id)).ToHaveTextAsync("sous embargo");
            await Expect(page.GetByTestId("release-readers-" + id)).ToHaveTextAsync("analyst");
            await Expect(page.GetByTestId("release-publication-" + id)).ToHaveTextAsync("01/06/2999 09:00 Europe/Paris (UTC+02:00)");
            await Expect(page.GetByTestId("release-created-by-" + id)).ToHaveTextAsync("statistician");
            await BackOfficeFixture.ScreenshotAsync(page, "releases");

            // The store's audit record names the signed-in statistician.
            var audit = await conn.QuerySingleAsync<string>(
                "select user_name from audit_event where action = 'release.create' and detail like @detail", new { detail = $"release {id}:%" });
            Assert.Equal("statistician", audit);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [DatabaseFact]
    public async Task An_analyst_is_refused_the_releases_page_and_has_no_menu_entry_for_it()
    {
        var page = await backOffice.SignedInPageAsync("analyst", "demo-analyst-2026");
        try
        {
            Assert.Equal(0, await page.GetByTestId("nav-releases").CountAsync());

            var response = await page.GotoAsync("/releases");

            Assert.Contains("/account/access-denied", page.Url, StringComparison.Ordinal);
            await page.GetByTestId("access-denied").WaitForAsync();
            Assert.Equal(200, response!.Status);
            Assert.Equal(0, await page.GetByTestId("releases-list").CountAsync());

            // Inside the circuit too (the router's authorization, not only the endpoint's).
            await page.GotoAsync("/");
            await BackOfficeFixture.WaitForCircuitAsync(page);
            await page.EvaluateAsync("() => Blazor.navigateTo('/releases')");
            await page.GetByTestId("access-denied").WaitForAsync();
            Assert.Equal(0, await page.GetByTestId("release-create-form").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [DatabaseFact]
    public async Task The_administrator_reads_the_release_events_of_the_audit_log_alone()
    {
        var page = await backOffice.SignedInPageAsync("admin", "demo-admin-2026");
        try
        {
            await page.GetByTestId("nav-administration").ClickAsync();
            await page.GetByTestId("audit-table").WaitForAsync();
            await BackOfficeFixture.WaitForCircuitAsync(page);

            await Input(page, "audit-releases-only").CheckAsync();

            var rows = page.GetByTestId("audit-table").Locator("tbody tr");
            // The fixture's release was made by "statistician".
            await Expect(rows.Filter(new() { HasText = $"release {backOffice.ReleaseId}:" })).Not.ToHaveCountAsync(0);
            await Expect(rows.Filter(new() { HasText = "release.create" })).Not.ToHaveCountAsync(0);
            await Expect(rows.Filter(new() { HasText = "Diffusion créée" })).Not.ToHaveCountAsync(0);
            var codes = await rows.GetByTestId("audit-action-code").AllTextContentsAsync();
            Assert.Equal(await rows.CountAsync(), codes.Count);
            Assert.All(codes, code => Assert.StartsWith("release.", code.Trim(), StringComparison.Ordinal));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
