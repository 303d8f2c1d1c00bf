using Dapper;
using Microsoft.Playwright;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Estimates;

/// <summary>
/// The estimates explorer on the fixture's release of the 2024 edition (under embargo until 2999, with
/// "analyst" on its list): the reader sees the departmental view and downloads the workbook; another
/// analyst sees nothing of it, on the page or through the download endpoints.
/// </summary>
[Collection(BackOfficeCollection.Name)]
public class EstimatesPageTests(BackOfficeFixture backOffice)
{
    [DatabaseFact]
    public async Task An_analyst_on_the_release_list_opens_the_departmental_view_and_downloads_the_workbook()
    {
        var page = await backOffice.SignedInPageAsync("analyst", "demo-analyst-2026");
        await page.GotoAsync("/estimates");
        await BackOfficeFixture.WaitForCircuitAsync(page);

        await Expect(page.GetByTestId("estimates-release")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Édition 2024 — sous embargo"));
        await Expect(page.GetByTestId("estimates-embargo")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("national-estimate")).ToHaveTextAsync(0.01.ToString("P1", new System.Globalization.CultureInfo("fr")));
        await Expect(page.GetByTestId("estimates-caterpillar").Locator("svg[role=img] circle")).ToHaveCountAsync(98); // 99 departments, 2A suppressed
        // The plot has a graduated axis and a legend naming its marks, the national line with its value.
        Assert.True(await page.GetByTestId("caterpillar-tick").CountAsync() >= 2);
        await Expect(page.GetByTestId("caterpillar-legend")).ToContainTextAsync("Intervalle de confiance");
        await Expect(page.GetByTestId("caterpillar-legend")).ToContainTextAsync("Estimation nationale (" + 0.01.ToString("P1", new System.Globalization.CultureInfo("fr")) + ")");
        await Expect(page.GetByTestId("estimates-cartogram")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cartogram-2A").Locator("rect")).ToHaveAttributeAsync("fill", "#BDBDBD");
        // French Guiana is outside the survey's coverage: hatched, not the white of the scale's low end, and in the legend.
        await Expect(page.GetByTestId("cartogram-973").Locator("rect")).ToHaveAttributeAsync("fill", "url(#cartogram-no-estimate)");
        await Expect(page.GetByTestId("cartogram-legend-no-estimate")).ToBeVisibleAsync();
        // No earlier edition is released: the page says why there is no change column.
        await Expect(page.GetByTestId("estimates-no-previous")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("department-75")).ToBeVisibleAsync();
        await BackOfficeFixture.ScreenshotAsync(page, "estimates-explorer");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("estimates-download-xlsx").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), "vs-estimates-" + Guid.NewGuid().ToString("N")[..8] + ".xlsx");
        await download.SaveAsAsync(path);
        try
        {
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.Length > 1000 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', "not an xlsx file");
            // The page is in French: so is the workbook (headers, notes), its figures those of the release.
            using var workbook = new ClosedXML.Excel.XLWorkbook(path);
            Assert.Contains("Métadonnées", workbook.Worksheets.Select(w => w.Name));
            var table = workbook.Worksheets.First();
            Assert.Equal("Indicateur", table.Cell(4, 1).GetString());
            Assert.Equal("national", table.Cell(5, 3).GetString());
            Assert.Equal(0.01, table.Cell(5, 4).GetDouble(), 12);
        }
        finally
        {
            File.Delete(path);
        }

        // The CSV: invariant culture (a point as the decimal separator), the columns of `victimsurvey estimate`.
        var csv = await page.APIRequest.GetAsync($"/estimates/releases/{backOffice.ReleaseId}/estimates.csv");
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        Assert.StartsWith("indicator,", text, StringComparison.Ordinal);
        Assert.Contains(",national,national,0.01,", text, StringComparison.Ordinal);
        // A publication: the suppressed estimate of Corse-du-Sud keeps its base and flag, not its figures.
        Assert.Matches(@",department,2A,,,,,,\d+,suppressed,", text);

        await using var db = DataSourceFactory.Create(backOffice.ConnectionString);
        await using var conn = await db.OpenConnectionAsync();
        var actions = (await conn.QueryAsync<string>(
            "select action || ' ' || detail from audit_event where user_name = 'analyst' and action like 'release.%'")).ToList();
        Assert.Contains(actions, a => a.StartsWith("release.view ", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith("release.download ", StringComparison.Ordinal) && a.EndsWith(": xlsx", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith("release.download ", StringComparison.Ordinal) && a.EndsWith(": csv", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task An_analyst_not_on_the_list_sees_nothing_before_the_publication_date()
    {
        var page = await backOffice.SignedInPageAsync(BackOfficeFixture.OtherAnalyst, BackOfficeFixture.OtherAnalystPassword);
        await page.GotoAsync("/estimates");
        await BackOfficeFixture.WaitForCircuitAsync(page);

        await Expect(page.GetByTestId("estimates-nothing-published")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("estimates-release")).ToHaveCountAsync(0);
        foreach (var extension in new[] { "xlsx", "csv" })
        {
            var response = await page.APIRequest.GetAsync($"/estimates/releases/{backOffice.ReleaseId}/estimates.{extension}");
            Assert.Equal(404, response.Status);
        }
    }
}
