using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Weighting;

/// <summary>
/// The demo as <c>./run.sh</c> seeds it: 200,000 persons, the simulated 2024 season and answers, then the
/// 2024 weighting run of the edition's own spec (the snapshot from the database, 500 bootstrap replicates,
/// 30 indicators × 102 domains), approved and released. The seeded edition's run must give the weights and
/// estimates of <c>victimsurvey weight</c> and <c>victimsurvey estimate</c> on the same data exported to CSV,
/// to the last digit, and the published release must be those estimates. The one test that seeds the whole
/// demo: about three minutes.
/// </summary>
public sealed class DemoEditionRunTests : ScratchFolder
{
    private static readonly string Spec = Path.Combine(BuiltProgram.RepositoryRoot(), "weighting-specs", "vrs-2024.yaml");

    private static Task<CliResult> RunAsync(TestDatabase database, params string[] arguments) =>
        CliRunner.RunAsync(database.ConnectionString, null, TimeSpan.FromMinutes(30), arguments);

    [DatabaseFact]
    public async Task The_seeded_2024_edition_is_weighted_approved_and_released_with_the_results_of_the_file_commands_on_its_exported_data()
    {
        await using var database = await TestDatabase.CreateAsync();
        var seed = await RunAsync(database, "demo", "seed");
        Assert.True(seed.ExitCode == 0, seed.Output + seed.Error);
        Assert.Contains("approved and released", seed.Output, StringComparison.Ordinal);

        // One run of 2024, approved, with the spec's 500 replicates; one release of it, already published.
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        var run = await conn.QuerySingleAsync<(long Id, string Status, int Replicates, int Respondents, long? Approved)>(
            "select r.id, r.status, r.replicates, r.respondents, e.approved_run_id from weighting_run r join edition e on e.id = r.edition_id where e.year = 2024");
        Assert.Equal(("succeeded", 500), (run.Status, run.Replicates));
        Assert.Equal(run.Id, run.Approved);
        Assert.InRange(run.Respondents, 100_000, 120_000);
        var releases = await RunAsync(database, "releases", "list");
        Assert.Contains(FormattableString.Invariant($"1\t2024\t{run.Id}\t2025-12-04 09:00\tpublished"), releases.Output, StringComparison.Ordinal);

        var id = run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var export = await RunAsync(database, "runs", "export", id,
            "--snapshot", File("snapshot.csv"), "--weights", File("run-weights.csv"), "--estimates", File("run-estimates.csv"));
        Assert.True(export.ExitCode == 0, export.Error);
        var weight = await RunAsync(database, "weight", "--spec", Spec, "--data", File("snapshot.csv"), "--out", File("weights.csv"));
        var estimate = await RunAsync(database, "estimate", "--spec", Spec, "--data", File("snapshot.csv"), "--out", File("estimates.csv"));
        Assert.True(weight.ExitCode == 0 && estimate.ExitCode == 0, weight.Error + estimate.Error);
        var published = await RunAsync(database, "releases", "estimates", "--edition", "2024", "--user", "analyst", "--out", File("published.csv"));
        Assert.True(published.ExitCode == 0, published.Error);

        // Byte for byte: every weight, estimate, bootstrap SE and interval.
        Assert.Equal(Text("weights.csv"), Text("run-weights.csv"));
        Assert.Equal(run.Respondents + 1, Text("weights.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var expected = Text("estimates.csv");
        Assert.Equal(expected, Text("run-estimates.csv"));
        Assert.Equal(30 * 102 + 1, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // The publication: the same rows, with the figures of suppressed estimates left empty (as in the workbook).
        var computed = Table("estimates.csv");
        var release = Table("published.csv");
        Assert.Equal(computed.Header, release.Header);
        int Column(string name) => computed.Header.ToList().IndexOf(name);
        string[] figures = ["estimate", "se", "ci_lower", "ci_upper", "cv", "deff"];
        var suppressed = 0;
        for (var r = 0; r < computed.Rows.Count; r++)
        {
            var hidden = computed.Rows[r][Column("flag")] == "suppressed";
            suppressed += hidden ? 1 : 0;
            var expectedRow = computed.Rows[r].Select((value, c) => hidden && figures.Contains(computed.Header[c]) ? "" : value);
            Assert.Equal(expectedRow, release.Rows[r]);
        }

        Assert.InRange(suppressed, 1, computed.Rows.Count - 1);
    }

    private string File(string name) => Path.Combine(Folder, name);

    private string Text(string name) => System.IO.File.ReadAllText(File(name));

    private VictimSurvey.Jobs.Files.CsvTable Table(string name) => VictimSurvey.Jobs.Files.CsvReader.Read(File(name));
}
