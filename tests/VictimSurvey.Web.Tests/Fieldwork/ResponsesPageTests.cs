using System.Text;
using Dapper;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Fieldwork;

/// <summary>The responses page on the fixture's 2024 edition (vrs-core-2024 and module-2024-online-victimisation attached).</summary>
[Collection(BackOfficeCollection.Name)]
public class ResponsesPageTests(BackOfficeFixture backOffice)
{
    private const string Header = "case_id,questionnaire_id,questionnaire_version,started_at,completed_at,internet_use,online_harassment,identity_theft,phishing_loss";

    [DatabaseFact]
    public async Task A_survey_manager_uploads_a_paper_file_with_one_bad_row_and_sees_the_quarantined_problem()
    {
        var ids = await PrepareAsync();
        var folder = Directory.CreateTempSubdirectory("vs-responses-page-").FullName;
        try
        {
            var path = Path.Combine(folder, "paper-scan-2024-04.csv");
            File.WriteAllText(path, string.Join('\n',
            [
                Header,
                $"{ids[0]},module-2024-online-victimisation,1,2024-04-02T10:00:00+02:00,2024-04-02T10:10:00+02:00,daily,no,no,no",
                $"{ids[1]},module-2024-online-victimisation,1,2024-04-02T11:00:00+02:00,2024-04-02T11:10:00+02:00,never,yes,,",
            ]) + "\n", new UTF8Encoding(false));

            var page = await backOffice.SignedInPageAsync("manager", "demo-manager-2026");
            await page.GetByTestId("nav-responses").ClickAsync();
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Réponses");
            // Only "Réponses" is active in the menu, not "Collecte" (/fieldwork matches its whole address).
            await Expect(page.GetByTestId("nav-responses")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bactive\\b"));
            await Expect(page.GetByTestId("nav-fieldwork")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bactive\\b"));
            await BackOfficeFixture.WaitForCircuitAsync(page);
            await page.GetByTestId("responses-edition").ClickAsync();
            await page.GetByTestId("responses-edition-2024").ClickAsync();
            await Expect(page.GetByTestId("responses-edition")).ToHaveValueAsync("2024");
            await page.GetByTestId("responses-mode").ClickAsync();
            await page.GetByTestId("responses-mode-paper").ClickAsync();
            await Expect(page.GetByTestId("responses-mode")).ToHaveValueAsync("Papier");

            await page.GetByTestId("responses-upload").Locator("input[type=file]").First.SetInputFilesAsync(path);

            await Expect(page.GetByTestId("responses-upload-result"))
                .ToContainTextAsync("paper-scan-2024-04.csv : 1 réponse(s) enregistrée(s), 1 ligne(s) en quarantaine");
            await Expect(page.GetByTestId("quarantine-problem")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("quarantine-problem").First)
                .ToContainTextAsync("online_harassment : answered ('yes') but the filter internet_use != 'never' skips this question");
            await Expect(page.GetByTestId("quarantine-case").First).ToHaveTextAsync(ids[1]);
            await Expect(page.GetByTestId("quarantine-row").First).ToContainTextAsync("2 (ligne 3)");
            await Expect(page.GetByTestId("responses-file-name").First).ToHaveTextAsync("paper-scan-2024-04.csv");
            await Expect(page.GetByTestId("responses-file-stored").First).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("responses-file-quarantined").First).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("responses-count-module-2024-online-victimisation-paper")).ToHaveTextAsync("1");

            // The same file again: refused, nothing changes.
            await page.GetByTestId("responses-upload").Locator("input[type=file]").First.SetInputFilesAsync(Array.Empty<string>());
            await page.GetByTestId("responses-upload").Locator("input[type=file]").First.SetInputFilesAsync(path);
            await Expect(page.GetByTestId("responses-upload-problem").First).ToContainTextAsync("already loaded as paper response file");
            await Expect(page.GetByTestId("responses-file-row")).ToHaveCountAsync(1);
            await using (var db = DataSourceFactory.Create(backOffice.ConnectionString))
            await using (var conn = await db.OpenConnectionAsync())
            {
                var audit = await conn.QuerySingleAsync<(string UserName, string Detail)>(
                    "select user_name, detail from audit_event where action = 'response-file-loaded'");
                Assert.Equal("manager", audit.UserName);
                Assert.StartsWith("2024: paper-scan-2024-04.csv (paper), file ", audit.Detail, StringComparison.Ordinal);
                Assert.EndsWith("1 stored, 1 quarantined", audit.Detail, StringComparison.Ordinal);
            }

            await BackOfficeFixture.ScreenshotAsync(page, "responses-manager");
            await page.Context.CloseAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [DatabaseTheory]
    [InlineData("analyst", "demo-analyst-2026")]
    [InlineData("statistician", "demo-statistician-2026")]
    public async Task Anyone_but_a_survey_manager_is_refused_the_page(string userName, string password)
    {
        var page = await backOffice.SignedInPageAsync(userName, password);

        await page.GotoAsync("/fieldwork/responses");

        Assert.Contains("/account/access-denied", page.Url, StringComparison.Ordinal);
        await page.GetByTestId("access-denied").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("responses-upload").CountAsync());
        Assert.Equal(0, await page.GetByTestId("nav-responses").CountAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>Sets the 2024 season (the same as the fieldwork page's test, so either may run first) and returns two case ids.</summary>
    private async Task<IReadOnlyList<string>> PrepareAsync()
    {
        await using var db = DataSourceFactory.Create(backOffice.ConnectionString);
        await new ProtocolStore(db).SetSeasonAsync(2024, new DateOnly(2024, 3, 4), new DateOnly(2024, 7, 31), default);
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<string>(
            "select p.pseudonymous_id from sample_person p join edition e on e.id = p.edition_id where e.year = 2024 order by p.id desc limit 2")).ToList();
    }
}
