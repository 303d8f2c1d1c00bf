using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Playwright;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Fieldwork;

/// <summary>
/// The fieldwork monitoring page: on the fixture's 2024 edition (10,000 persons, no events until the
/// upload test loads some) and on its 2023 edition (3,000 persons, a whole simulated season).
/// </summary>
[Collection(BackOfficeCollection.Name)]
public class FieldworkPageTests(BackOfficeFixture backOffice)
{
    private static readonly CultureInfo French = new("fr");

    [DatabaseFact]
    public async Task A_survey_manager_uploads_an_event_batch_and_sees_the_counts_and_RR1_change()
    {
        var ids = await PrepareSeasonAsync();
        var folder = Directory.CreateTempSubdirectory("vs-fieldwork-page-").FullName;
        try
        {
            // 40 invitations; 30 web completes, 5 refusals, 3 deceased, 2 undelivered letters.
            var rows = new List<string>();
            rows.AddRange(ids.Select(id => $"{id},communication_sent,2024-03-04T10:00:00+01:00,mail,protocol"));
            rows.AddRange(ids.Take(30).Select((id, k) => $"{id},web_complete,2024-03-{6 + k % 10:D2}T20:00:00+01:00,web,web-platform"));
            rows.AddRange(ids.Skip(30).Take(5).Select(id => $"{id},refusal,2024-03-12T09:00:00+01:00,mail,helpline"));
            rows.AddRange(ids.Skip(35).Take(3).Select(id => $"{id},ineligible_deceased,2024-03-13T09:00:00+01:00,mail,family"));
            rows.AddRange(ids.Skip(38).Take(2).Select(id => $"{id},mail_undeliverable,2024-03-14T09:00:00+01:00,mail,la-poste"));
            var good = Write(folder, "events-2024-week-1.csv", rows);
            var bad = Write(folder, "events-bad.csv", ["NOBODY-1,web_complete,2024-03-06T20:00:00+01:00,web,web-platform", $"{ids[0]},web_logout,2024-03-06T20:00:00+01:00,web,web-platform"]);

            var page = await backOffice.SignedInPageAsync("manager", "demo-manager-2026");
            await page.GotoAsync("/fieldwork");
            await BackOfficeFixture.WaitForCircuitAsync(page);
            await ChooseAsync(page, "fieldwork-edition", "fieldwork-edition-2024");
            await Expect(page.GetByTestId("fieldwork-edition")).ToHaveValueAsync("2024");
            await Expect(page.GetByTestId("count-n")).ToHaveTextAsync(10_000.ToString("N0", French));
            await Expect(page.GetByTestId("count-I")).ToHaveTextAsync("0");
            await Expect(page.GetByTestId("rate-RR1")).ToHaveTextAsync(0.0.ToString("P1", French));
            await Expect(page.GetByTestId("fieldwork-as-of")).ToHaveCountAsync(0); // no event, no data day

            // A bad file: every problem listed, nothing loaded.
            await Upload(page).SetInputFilesAsync(bad);
            await Expect(page.GetByTestId("fieldwork-upload-rejected")).ToContainTextAsync("2 problème(s)");
            await Expect(page.GetByTestId("fieldwork-upload-problem")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("fieldwork-upload-problem").First).ToContainTextAsync("unknown case 'NOBODY-1'");
            await Expect(page.GetByTestId("count-I")).ToHaveTextAsync("0");

            await Upload(page).SetInputFilesAsync(good);
            await Expect(page.GetByTestId("fieldwork-upload-result")).ToContainTextAsync("80 événements chargés depuis events-2024-week-1.csv");
            await Expect(page.GetByTestId("count-I")).ToHaveTextAsync("30");
            await Expect(page.GetByTestId("count-R")).ToHaveTextAsync("5");
            await Expect(page.GetByTestId("count-NE")).ToHaveTextAsync("3");
            await Expect(page.GetByTestId("count-UO")).ToHaveTextAsync("2");
            // RR1 = I / (all cases − NE) = 30 / 9,997.
            await Expect(page.GetByTestId("rate-RR1")).ToHaveTextAsync((30.0 / 9_997).ToString("P1", French));
            await Expect(page.GetByTestId("funnel-Sent")).ToHaveTextAsync("40");
            await Expect(page.GetByTestId("funnel-Reached")).ToHaveTextAsync("35");
            await Expect(page.GetByTestId("funnel-Complete")).ToHaveTextAsync("30");
            await Expect(page.GetByTestId("undeliverable-mail")).ToHaveTextAsync("2");
            // The season starts on 2024-03-04 (day 0); the latest event is a complete on 2024-03-15.
            await Expect(page.GetByTestId("fieldwork-as-of")).ToHaveTextAsync("Données jusqu'au jour 11 (15/03/2024)");
            await Expect(page.GetByTestId("fieldwork-r-row").Last.Locator("td").First).ToHaveTextAsync("J11");
            await Expect(page.GetByTestId("fieldwork-curve").Locator("svg path").First).ToBeAttachedAsync();
            await Expect(page.GetByTestId("department-row-code").First).ToBeVisibleAsync();
            await BackOfficeFixture.ScreenshotAsync(page, "fieldwork-manager");
            await page.Context.CloseAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [DatabaseFact]
    public async Task A_simulated_season_shows_its_curves_by_mode_the_R_indicator_and_the_cases_needing_action()
    {
        var page = await OpenSeasonAsync();

        // One line per mode, with its legend.
        var curve = page.GetByTestId("fieldwork-curve");
        foreach (var mode in new[] { "Web", "Papier", "Téléphone" })
        {
            await Expect(curve).ToContainTextAsync(mode);
        }

        Assert.True(await curve.Locator("svg path").CountAsync() >= 3);
        Assert.NotEqual("0", await page.GetByTestId("count-I").TextContentAsync());

        // The data run to the day of the latest event (day 0 = the season's first day; the season is long over),
        // and the R-indicator at the end of every 7th day and of that day, a value between 0 and 1, the partials by category.
        var (asOfDay, asOfDate) = await LatestEventDayAsync();
        Assert.InRange(asOfDay, 1, BackOfficeFixture.SeasonEnd.DayNumber - BackOfficeFixture.SeasonStart.DayNumber);
        await Expect(page.GetByTestId("fieldwork-as-of")).ToHaveTextAsync($"Données jusqu'au jour {asOfDay} ({asOfDate.ToString("d", French)})");
        await Expect(page.GetByTestId("fieldwork-r-chart").Locator("svg path").First).ToBeAttachedAsync();
        var cutoffs = VictimSurvey.Core.Fieldwork.RIndicatorOverTime.WeeklyDays(asOfDay);
        await Expect(page.GetByTestId("fieldwork-r-row")).ToHaveCountAsync(cutoffs.Count);
        await Expect(page.GetByTestId("fieldwork-r-row").Last.Locator("td").First).ToHaveTextAsync($"J{asOfDay}");
        await Expect(page.GetByTestId("fieldwork-r-categories")).ToBeVisibleAsync();
        await Expect(page.GetByText($"Indicateurs partiels par catégorie au jour {asOfDay} ")).ToBeVisibleAsync();

        // R's axis runs from 0 to 1 (ticks 0,0 … 1,0), not 0 to 20.
        var axis = (await page.GetByTestId("fieldwork-r-chart").Locator("svg text").AllTextContentsAsync())
            .Select(t => t.Trim()).Where(t => double.TryParse(t, NumberStyles.Float, French, out _)).ToList();
        Assert.Contains("1,0", axis);
        Assert.Contains("0,0", axis);
        Assert.All(axis, t => Assert.InRange(double.Parse(t, NumberStyles.Float, French), 0, 1));
        await Expect(page.GetByTestId("fieldwork-r-value").Last).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0,\\d{3}$"));
        await Expect(page.GetByTestId("fieldwork-r-categories")).ToContainTextAsync("département");
        Assert.True(await page.GetByTestId("fieldwork-r-category").CountAsync() > 100);

        // Cases needing action, paged in SQL; filtered by reason.
        await Expect(page.GetByTestId("fieldwork-action-case").First).ToBeVisibleAsync();
        await ChooseReasonAsync(page, "appointment_due");
        await Expect(page.GetByTestId("fieldwork-action-reason").First).ToHaveTextAsync("Rendez-vous échu");

        // The departmental rates as CSV: invariant culture, the national row first.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("fieldwork-export-departments").ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.StartsWith("group,n,I,P,R,NC,O,UH,UO,NE,e,RR1", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("national,3", csv[1], StringComparison.Ordinal);
        Assert.True(csv.Length > 90);
        Assert.All(csv.Skip(1), line => double.Parse(line.Split(',')[11], NumberStyles.Float, CultureInfo.InvariantCulture));
        await BackOfficeFixture.ScreenshotAsync(page, "fieldwork-season");
        await page.Context.CloseAsync();
    }

    private static Task ChooseReasonAsync(IPage page, string reason) =>
        ChooseAsync(page, "fieldwork-actions-reason", "fieldwork-actions-reason-" + reason);

    /// <summary>
    /// Opens a list and picks an item. The page reloads itself when the change stamp moves (background jobs
    /// of the fixture's server refresh the case states), and a reload can close the list before the item is
    /// clicked; the list is then opened again (a few times at most).
    /// </summary>
    private static async Task ChooseAsync(IPage page, string listTestId, string itemTestId)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId(listTestId).ClickAsync();
            try
            {
                await page.GetByTestId(itemTestId).ClickAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    [DatabaseFact]
    public async Task The_page_refreshes_itself_when_events_are_stored_elsewhere()
    {
        var page = await OpenSeasonAsync();
        var before = await page.GetByTestId("fieldwork-events").TextContentAsync();
        await Expect(page.GetByTestId("fieldwork-updated")).ToBeVisibleAsync();

        // A batch loaded by another process (as the CLI or another server would): the page polls and reloads.
        await using var db = DataSourceFactory.Create(backOffice.ConnectionString);
        await using (var conn = await db.OpenConnectionAsync())
        {
            var ids = (await conn.QueryAsync<string>(
                "select p.pseudonymous_id from sample_person p join edition e on e.id = p.edition_id where e.year = @year order by p.id limit 3",
                new { year = BackOfficeFixture.SeasonYear })).ToList();
            var folder = Directory.CreateTempSubdirectory("vs-fieldwork-refresh-").FullName;
            try
            {
                var file = Write(folder, "events-helpline.csv", ids.Select(id => $"{id},helpline_contact,2023-03-20T10:00:00+01:00,phone,helpline"));
                await new VictimSurvey.Jobs.Fieldwork.EventBatchImport(new ProtocolStore(db), new CaseEventStore(db)).RunAsync(file, BackOfficeFixture.SeasonYear, default);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await Expect(page.GetByTestId("fieldwork-events")).Not.ToHaveTextAsync(before!, new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await page.Context.CloseAsync();
    }

    [DatabaseFact]
    public async Task An_analyst_cannot_download_the_rates()
    {
        var page = await backOffice.SignedInPageAsync("analyst", "demo-analyst-2026");

        var response = await page.Context.APIRequest.GetAsync($"/fieldwork/{BackOfficeFixture.SeasonYear}/rates.csv?by=department", new APIRequestContextOptions { MaxRedirects = 0 });

        Assert.Equal(302, response.Status);
        Assert.Contains("/account/access-denied", response.Headers["location"], StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenSeasonAsync()
    {
        var page = await backOffice.SignedInPageAsync("manager", "demo-manager-2026");
        await page.GotoAsync("/fieldwork");
        await BackOfficeFixture.WaitForCircuitAsync(page);
        await ChooseAsync(page, "fieldwork-edition", "fieldwork-edition-" + BackOfficeFixture.SeasonYear);
        await Expect(page.GetByTestId("fieldwork-edition")).ToHaveValueAsync(BackOfficeFixture.SeasonYear.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("count-n")).ToHaveTextAsync(3_000.ToString("N0", French));
        return page;
    }

    /// <summary>The season day (0 = its first day) and date of the season edition's latest event, in Paris.</summary>
    private async Task<(int Day, DateOnly Date)> LatestEventDayAsync()
    {
        await using var db = DataSourceFactory.Create(backOffice.ConnectionString);
        await using var conn = await db.OpenConnectionAsync();
        var latest = await conn.QuerySingleAsync<DateTime>(
            "select (max(ev.at) at time zone 'Europe/Paris') from case_event ev join edition e on e.id = ev.edition_id where e.year = @year",
            new { year = BackOfficeFixture.SeasonYear });
        var date = DateOnly.FromDateTime(latest);
        return (date.DayNumber - BackOfficeFixture.SeasonStart.DayNumber, date);
    }

    private static ILocator Upload(IPage page) => page.GetByTestId("fieldwork-upload").Locator("input[type=file]").First;

    private static string Write(string folder, string name, IEnumerable<string> rows)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "case_id,event_type,event_time,mode,source\n" + string.Join('\n', rows) + "\n", new UTF8Encoding(false));
        return path;
    }

    /// <summary>Sets the 2024 season and returns 40 of its pseudonymous case ids.</summary>
    private async Task<IReadOnlyList<string>> PrepareSeasonAsync()
    {
        await using var db = DataSourceFactory.Create(backOffice.ConnectionString);
        await new ProtocolStore(db).SetSeasonAsync(2024, new DateOnly(2024, 3, 4), new DateOnly(2024, 7, 31), default);
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<string>(
            "select p.pseudonymous_id from sample_person p join edition e on e.id = p.edition_id where e.year = 2024 order by p.id limit 40")).ToList();
    }
}
