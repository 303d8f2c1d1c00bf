using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using Npgsql;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Jobs.Seeding;
using VictimSurvey.Jobs.Weighting;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Web.Tests.BackOffice;

/// <summary>
/// The real back office for the browser tests: a fresh migrated and seeded database, the built web
/// app started as its own process on a free loopback port (as ./run.sh starts it), and Debian's
/// Chromium driven by Playwright.
/// </summary>
public sealed class BackOfficeFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The edition whose whole season is simulated (<see cref="SeedSimulatedSeasonAsync"/>).</summary>
    public const int SeasonYear = 2023;

    /// <summary>
    /// The edition of the fixture's release: the demo's 2024 (sample, no fieldwork), not the season's 2023,
    /// whose runs the Weighting page test launches, approves and counts from none.
    /// </summary>
    public const int ReleaseYear = 2024;
    public static readonly DateOnly SeasonStart = new(2023, 1, 16);
    public static readonly DateOnly SeasonEnd = new(2023, 3, 27);

    private readonly StringBuilder appOutput = new();
    private TestDatabase? database;
    private Process? app;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public AccountStore Accounts { get; private set; } = null!;

    /// <summary>The back office's database, for tests that prepare data the pages then show (e.g. an event file of real case ids).</summary>
    public string ConnectionString => database?.ConnectionString ?? throw new InvalidOperationException("No test database.");

    public string AppOutput
    {
        get
        {
            lock (appOutput)
            {
                return appOutput.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        if (DatabaseTests.ShouldSkip)
        {
            return;
        }

        database = await TestDatabase.CreateAsync();
        var dataSource = DataSourceFactory.Create(database.ConnectionString);
        Accounts = new AccountStore(dataSource, TimeProvider.System);
        // A smaller demo sample than ./run.sh's 200,000: the browser tests do not need national figures.
        await DemoSeeder.On(dataSource, Accounts, sampleSize: 10_000, simulateFieldwork: false).RunAsync(default);
        await SeedSimulatedSeasonAsync(dataSource);
        ReleaseId = await SeedReleaseAsync(dataSource, Accounts);

        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        app = StartWebApp(database.ConnectionString, BaseUrl);
        await WaitUntilServingAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root (CI) Chromium needs --no-sandbox; the network flags keep it from calling out of this closed machine.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// An edition with a whole simulated season, for the monitoring page. Not the demo seeder's 2024 or
    /// 2025: the editions test creates 2025 itself and the upload test loads its own events into 2024.
    /// A small sample (3,000 persons, at least 20 per department) keeps the fixture's start-up short; its
    /// completes get core answers, so the Weighting page can weight it.
    /// </summary>
    private static async Task SeedSimulatedSeasonAsync(NpgsqlDataSource db)
    {
        var editions = new EditionStore(db);
        await editions.CreateAsync(new NewEdition(
            SeasonYear, NewEdition.VrsPopulation, ApproximateAdultPopulation.VrsCoverage,
            "vrs-core-2024", "1", "module-2023-health", "1", "weighting-specs/vrs-2024.yaml"), default);
        await new SampleDrawJob(editions, new SampleStore(db), new SampleLoader(db)).RunAsync(
            new SampleDrawRequest(SeasonYear, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 3_000, 20), SeasonYear), default);
        var protocol = new ProtocolStore(db);
        await protocol.SetSeasonAsync(SeasonYear, SeasonStart, SeasonEnd, default);
        await new SeasonSimulator(protocol, new CaseEventStore(db), new SimulationStore(db)).RunAsync(SeasonYear, untilDay: null, SeasonYear, default);
        // The completed cases' answers to the core questionnaire, so that a weighting run on the edition has respondents (the Weighting page's journey).
        var questionnaires = new QuestionnaireLibrary(Path.Combine(BuiltProgram.RepositoryRoot(), "questionnaires"));
        await new ResponseSimulator(editions, new CompletedCaseStore(db), new ResponseStore(db), questionnaires).RunAsync(SeasonYear, SeasonYear, default);
    }

    /// <summary>The release of the season edition: under embargo until 2999, readable before by "analyst" only.</summary>
    public long ReleaseId { get; private set; }

    /// <summary>An analyst who is not on the release's list.</summary>
    public const string OtherAnalyst = "analyst2";
    public const string OtherAnalystPassword = "analyst-two-2026";

    /// <summary>
    /// A succeeded, approved run of the season edition and its release. The run's estimates are written
    /// directly through <see cref="WeightingRunResultStore"/> (deterministic made-up figures for every
    /// indicator of the VRS spec, nationally and by department; 2A suppressed, 971 "caution") rather than
    /// computed by a real weighting run, which would make the fixture's start-up far longer: the browser
    /// tests check the pages, downloads and the embargo, not the numbers. The run stores the real spec and
    /// margins so that the Excel workbook is written as for any run.
    /// </summary>
    private static async Task<long> SeedReleaseAsync(NpgsqlDataSource db, AccountStore accounts)
    {
        var specPath = Path.Combine(BuiltProgram.RepositoryRoot(), "weighting-specs", "vrs-2024.yaml");
        var spec = WeightingSpecFile.Read(specPath);
        var runs = new WeightingRunStore(db);
        var runId = await runs.CreateAsync(ReleaseYear, "fixture (estimates written directly)", File.ReadAllText(specPath), 0, 1,
            [new RunFile("vrs-2024-margins.csv", File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(specPath)!, "vrs-2024-margins.csv")), false)],
            "statistician", default);
        await runs.StartAsync(runId, default);
        var rows = new List<EstimateRow>();
        var k = 0;
        foreach (var indicator in spec.Estimates!.Indicators)
        {
            var national = 0.01 + 0.005 * (k++ % 9);
            rows.Add(Row(indicator, DomainPartition.National, DomainPartition.National, national, 3000, QualityFlag.Ok));
            var d = 0;
            foreach (var code in ApproximateAdultPopulation.VrsCoverage)
            {
                var value = national * (0.6 + 0.8 * ((d++ * 37) % 97) / 97.0);
                var flag = code == "2A" ? QualityFlag.Suppressed : code == "971" ? QualityFlag.Caution : QualityFlag.Ok;
                rows.Add(Row(indicator, "department", code, value, code == "2A" ? 12 : 30 + d, flag));
            }
        }

        await new WeightingRunResultStore(db).SucceedAsync(runId, [], rows, "fixture", "{}", default);
        await runs.ApproveAsync(runId, "statistician", default);
        await accounts.CreateAsync(new NewAccount(OtherAnalyst, "Aline Analyste", OtherAnalystPassword, [VictimSurvey.Core.Accounts.Roles.Analyst]), "fixture", default);
        var release = await new ReleaseStore(db, TimeProvider.System).CreateAsync(ReleaseYear, new DateTimeOffset(2999, 1, 1, 8, 0, 0, TimeSpan.Zero), ["analyst"], "statistician", default);
        return release.Id;

        static EstimateRow Row(IndicatorSpec indicator, string variable, string domain, double value, int n, QualityFlag flag) =>
            new(indicator.Name, indicator.Label, variable, domain, new Estimate(value, value / 8, n, n * 1000.0),
                new Interval(value * 0.75, value * 1.25), n - 1, flag);
    }

    /// <summary>A fresh browser context (no cookies), in French unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "fr-FR" });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInPageAsync(string userName, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByTestId("login-username").FillAsync(userName);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("user-name").WaitForAsync();
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>
    /// Waits until the interactive circuit has replaced the prerendered page. A click before that is
    /// handled by the prerendered HTML, and the circuit's first render can then undo its effect.
    /// </summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.GetByTestId("circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a screenshot when VICTIMSURVEY_SCREENSHOTS names a folder (for looking at the pages, not for asserting).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("VICTIMSURVEY_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (app is { HasExited: false })
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }

        app?.Dispose();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    private Process StartWebApp(string connectionString, string url)
    {
        // Started from the project folder, as ./run.sh does.
        var webDir = Path.Combine(BuiltProgram.RepositoryRoot(), "src", "VictimSurvey.Web");
        var start = BuiltProgram.StartInfo("VictimSurvey.Web", "VictimSurvey.Web", [], webDir);
        start.Environment["VICTIMSURVEY_DB"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["VICTIMSURVEY_SESSION_CHECK_SECONDS"] = "2";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the web app");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (appOutput)
        {
            appOutput.AppendLine(line);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (app!.HasExited)
            {
                throw new InvalidOperationException("The web app exited while starting:\n" + AppOutput);
            }

            try
            {
                var response = await http.GetAsync(BaseUrl + "/account/login");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The web app did not answer within 90 s:\n" + AppOutput);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BackOfficeCollection : ICollectionFixture<BackOfficeFixture>
{
    public const string Name = "back office";
}
