using Microsoft.Playwright;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Editions;

[Collection(BackOfficeCollection.Name)]
public class QuestionnaireViewerTests(BackOfficeFixture backOffice)
{
    [DatabaseFact]
    public async Task A_statistician_reads_the_core_questionnaire_with_its_routing_and_downloads_its_codebook()
    {
        var page = await backOffice.SignedInPageAsync("statistician", "demo-statistician-2026");
        await page.GetByTestId("nav-editions").ClickAsync();
        await page.GetByTestId("editions-questionnaires").ClickAsync();
        await Expect(page.GetByTestId("questionnaires-table")).ToContainTextAsync("module-2024-online-victimisation");
        await page.GetByTestId("open-vrs-core-2024").ClickAsync();

        await page.GetByTestId("module-household_offences").ClickAsync();
        var count = page.GetByTestId("question-burglary_count");
        await Expect(count).ToContainTextAsync("integer");
        await Expect(count).ToContainTextAsync("burglary_screener == 'yes'");
        await Expect(page.GetByTestId("derived-table")).ToContainTextAsync("victim_burglary");
        await BackOfficeFixture.ScreenshotAsync(page, "questionnaire-viewer");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("codebook-download").ClickAsync());
        Assert.Equal("codebook-vrs-core-2024-v1.xlsx", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.True(bytes.Length > 5000 && bytes[0] == 'P' && bytes[1] == 'K', "an .xlsx (zip) file");
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task An_analyst_gets_neither_the_viewer_nor_the_codebook()
    {
        var page = await backOffice.SignedInPageAsync("analyst", "demo-analyst-2026");

        await page.GotoAsync("/editions/questionnaires/vrs-core-2024");
        await page.GetByTestId("access-denied").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("derived-table").CountAsync());

        // The download endpoint checks the role itself: with the analyst's cookie it redirects to "access denied".
        var response = await page.Context.APIRequest.GetAsync("/editions/questionnaires/vrs-core-2024/codebook.xlsx", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(302, response.Status);
        Assert.Contains("/account/access-denied", response.Headers["location"], StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
