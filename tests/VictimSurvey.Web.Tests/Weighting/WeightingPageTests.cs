using Dapper;
using Microsoft.Playwright;
using VictimSurvey.Tests.Shared;
using VictimSurvey.Web.Tests.BackOffice;
using static Microsoft.Playwright.Assertions;

namespace VictimSurvey.Web.Tests.Weighting;

/// <summary>The Weighting page (issue #7 item 3): a statistician checks a spec, launches a run, follows it, reads its diagnostics, approves it and compares it with a second run.</summary>
[Collection(BackOfficeCollection.Name)]
public class WeightingPageTests(BackOfficeFixture backOffice)
{
    /// <summary>
    /// A small spec on the fixture's 2023 season (3,000 persons): margins by department and sex uploaded from the
    /// page, one indicator by sex and 20 bootstrap replicates (one chunk), so the run takes seconds rather than
    /// the demo spec's 30 indicators and 500 replicates.
    /// </summary>
    private const string SmallSpec = """
        name: page-test
        input:
          id: id
          design_weight: design_weight
          strata: stratum
          stratum_population: stratum_population
          response: responded
          eligible: eligible
        nonresponse:
          method: rhg
          groups: [age_group]
          min_respondents: 30
        calibration:
          method: raking
          margins: page-test-margins.csv
        estimates:
          variance: bootstrap
          replicates: 20
          seed: 1
          domains: [sex]
          indicators:
            - name: rate_burglary
              proportion: victim_burglary
        """;

    /// <summary>The demo's department totals and a sex margin with the same sum.</summary>
    private static byte[] Margins()
    {
        var departments = File.ReadAllLines(Path.Combine(BuiltProgram.RepositoryRoot(), "weighting-specs", "vrs-2024-margins.csv"))
            .Where(l => l.StartsWith("department,", StringComparison.Ordinal)).ToList();
        var total = departments.Sum(l => long.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
        var women = (long)(total * 0.52);
        var text = "variable,category,total\n" + string.Join("\n", departments)
            + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\nsex,F,{women}\nsex,M,{total - women}\n");
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    [DatabaseFact]
    public async Task A_statistician_checks_a_spec_launches_a_run_reads_its_diagnostics_approves_it_and_compares_it()
    {
        var page = await backOffice.SignedInPageAsync("statistician", "demo-statistician-2026");
        try
        {
            await page.GotoAsync("/weighting");
            await BackOfficeFixture.WaitForCircuitAsync(page);
            // The page opens on the newest edition with runs (the release fixture's approved run), not on an edition without any.
            await Expect(page.GetByTestId("weighting-runs")).ToContainTextAsync("fixture (estimates written directly)");
            await page.GetByTestId("weighting-edition").ClickAsync();
            await page.GetByTestId("weighting-edition-" + BackOfficeFixture.SeasonYear).ClickAsync();
            // The edition's own spec is there to edit, with its margins beside it.
            await Expect(page.GetByTestId("weighting-spec")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("vrs-2024-phase1"));
            await Expect(page.GetByTestId("weighting-margins")).ToContainTextAsync("vrs-2024-margins.csv");

            // The margins the small spec names, uploaded beside it.
            await page.GetByTestId("weighting-launch").Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "page-test-margins.csv",
                MimeType = "text/csv",
                Buffer = Margins(),
            });
            await Expect(page.GetByTestId("weighting-margins")).ToContainTextAsync("page-test-margins.csv");
            var spec = page.GetByTestId("weighting-spec");
            await spec.FillAsync(SmallSpec.Replace("design_weight: design_weight", "design_weight: poids_inexistant", StringComparison.Ordinal));
            await page.GetByTestId("weighting-check").ClickAsync();
            await Expect(page.GetByTestId("weighting-check-error")).ToContainTextAsync("poids_inexistant", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("weighting-check-error")).ToContainTextAsync("input.design_weight");
            await Expect(page.GetByTestId("weighting-runs-none")).ToBeVisibleAsync(); // a check stores nothing

            await spec.FillAsync(SmallSpec);
            await page.GetByTestId("weighting-check").ClickAsync();
            await Expect(page.GetByTestId("weighting-check-ok")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await page.GetByTestId("weighting-label").FillAsync("page test");
            await page.GetByTestId("weighting-launch-button").ClickAsync();

            // The run's detail opens and follows it to the end (the list refreshes while the run is queued or running).
            await Expect(page.GetByTestId("weighting-detail-status")).ToHaveTextAsync("réussi", new() { Timeout = 180_000 });
            var row = page.Locator("[data-testid^=weighting-run-status-]").First;
            await Expect(row).ToHaveTextAsync("réussi");
            await Expect(page.Locator("[data-testid^=weighting-run-chunks-]").First).ToContainTextAsync("20 réplications — 1/1 lots de 20");
            // Times in Paris time, as on the Fieldwork and Estimates pages.
            var runId = long.Parse((await row.GetAttributeAsync("data-testid"))!["weighting-run-status-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            await using (var conn = new Npgsql.NpgsqlConnection(backOffice.ConnectionString))
            {
                var createdAt = await conn.QuerySingleAsync<DateTimeOffset>("select created_at from weighting_run where id = @runId", new { runId });
                var paris = TimeZoneInfo.ConvertTime(createdAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
                await Expect(page.GetByTestId("weighting-run-created-" + runId)).ToHaveTextAsync(paris.ToString("g", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")));
                // The launch is audited with the signed-in statistician, the edition, the run and its label.
                var audit = await conn.QuerySingleAsync<(string User, string Detail)>(
                    "select user_name, detail from audit_event where action = 'weighting.launch' and detail like @detail", new { detail = $"%run {runId},%" });
                Assert.Equal(("statistician", $"edition {BackOfficeFixture.SeasonYear}, run {runId}, label page test"), audit);
            }

            await Expect(page.GetByTestId("weighting-diag-trace-note")).ToContainTextAsync("Itération 0 = départ");
            await Expect(page.GetByTestId("weighting-diag-converged")).ToContainTextAsync("convergé");
            await Expect(page.GetByTestId("weighting-diag-deff")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+,\d{3}$"));
            await Expect(page.GetByTestId("weighting-diag-margins")).ToContainTextAsync("department");
            await Expect(page.GetByTestId("weighting-diag-departments")).ToBeVisibleAsync();
            // The g histogram's bars touch: each starts where the previous one ends (classes of equal width).
            var bars = page.GetByTestId("weighting-diag-g-bar");
            Assert.True(await bars.CountAsync() >= 3);
            var xs = new List<double>();
            foreach (var attribute in new[] { "x", "width" })
            {
                xs.Add(double.Parse((await bars.Nth(0).GetAttributeAsync(attribute))!, System.Globalization.CultureInfo.InvariantCulture));
            }

            var second = double.Parse((await bars.Nth(1).GetAttributeAsync("x"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(xs[0] + xs[1], second, 1);
            await BackOfficeFixture.ScreenshotAsync(page, "weighting-run");

            await page.GetByTestId("weighting-approve").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Approuver" }).ClickAsync();
            await Expect(page.GetByTestId("weighting-detail-approved")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid^=weighting-run-approved-]")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("weighting-approve")).ToHaveCountAsync(0);

            // A second run without the nonresponse step, then both side by side.
            await spec.FillAsync(SmallSpec.Replace("nonresponse:\n  method: rhg\n  groups: [age_group]\n  min_respondents: 30\n", "", StringComparison.Ordinal));
            await page.GetByTestId("weighting-label").FillAsync("second");
            await page.GetByTestId("weighting-launch-button").ClickAsync();
            // The launch takes the snapshot first: until the new run is listed (and its detail opened), the detail
            // still shows the first run, already succeeded. Then the second run's end, in its detail and in the list.
            var statuses = page.Locator("[data-testid^=weighting-run-status-]");
            await Expect(statuses).ToHaveCountAsync(2, new() { Timeout = 120_000 });
            await Expect(page.GetByTestId("weighting-run-detail")).ToContainTextAsync("second");
            await Expect(page.GetByTestId("weighting-detail-status")).ToHaveTextAsync("réussi", new() { Timeout = 180_000 });
            await Expect(statuses.Nth(0)).ToHaveTextAsync("réussi", new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("weighting-detail-approved")).ToHaveCountAsync(0);
            var boxes = page.Locator("[data-testid^=weighting-run-compare-]");
            await Expect(boxes).ToHaveCountAsync(2);
            await boxes.Nth(0).ClickAsync();
            await boxes.Nth(1).ClickAsync();
            await Expect(page.GetByTestId("weighting-compare-estimates")).ToContainTextAsync("rate_burglary");
            // A proportion: percentages, and the difference in percentage points.
            await Expect(page.GetByTestId("weighting-compare-row-rate_burglary")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d,\d\s%"));
            await Expect(page.GetByTestId("weighting-compare-diff-rate_burglary")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[+−]?\d+,\d\d pt$"));
            await Expect(page.GetByTestId("weighting-compare-deff-left")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+,\d{3}$"));
            await Expect(page.Locator("[data-testid^=weighting-run-approved-]")).ToHaveCountAsync(1);
            await BackOfficeFixture.ScreenshotAsync(page, "weighting-compare");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
