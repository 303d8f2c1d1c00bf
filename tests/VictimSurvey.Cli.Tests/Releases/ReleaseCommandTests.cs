using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Releases;

/// <summary>
/// Releases from the command line on a real run: an edition, a weighting run of the estimation reference
/// sample (linearization, so it is quick), approved, then released with a list of readers.
/// </summary>
public sealed class ReleaseCommandTests : ScratchFolder
{
    private static readonly string Sample = Path.Combine(EstimationReference, "sample.csv");

    public ReleaseCommandTests()
        : base(Path.Combine(EstimationReference, "margins.csv"))
    {
    }

    private static async Task<CliResult> RunAsync(TestDatabase database, params string[] arguments) =>
        await CliRunner.RunAsync(database.ConnectionString, null, arguments);

    private async Task ApprovedRunAsync(TestDatabase database)
    {
        var spec = Path.Combine(Folder, "spec.yaml");
        File.WriteAllText(spec, """
            input:
              id: id
              design_weight: design_weight
              strata: stratum
              stratum_population: stratum_population
            calibration:
              method: raking
              margins: margins.csv
            estimates:
              domains: [department]
              indicators:
                - name: victim_insult
                  label: Insults
                  proportion: victim_insult
            """);
        var draw = await RunAsync(database, "sample", "draw", "--edition", "2024", "--size", "2000", "--min", "10");
        Assert.True(draw.ExitCode == 0, draw.Error);
        var launch = await RunAsync(database, "runs", "launch", "--edition", "2024", "--spec", spec, "--data", Sample, "--wait");
        Assert.True(launch.ExitCode == 0, launch.Output + launch.Error);
        var approve = await RunAsync(database, "runs", "approve", "1");
        Assert.True(approve.ExitCode == 0, approve.Error);
        foreach (var user in new[] { "alice", "bob" })
        {
            var add = await CliRunner.RunAsync(database.ConnectionString, "a-long-cli-password", "user", "add", user, "--role", "analyst");
            Assert.True(add.ExitCode == 0, add.Error);
        }
    }

    [DatabaseFact]
    public async Task Before_publication_a_reader_gets_the_estimates_and_anyone_else_is_refused_until_a_release_is_published()
    {
        await using var database = await TestDatabase.CreateAsync();
        await ApprovedRunAsync(database);

        var create = await RunAsync(database, "releases", "create", "--edition", "2024", "--publication", "2999-12-15T09:00+01:00", "--reader", "alice");
        Assert.True(create.ExitCode == 0, create.Error);
        Assert.Contains("Release 1: edition 2024, weighting run 1, published 2999-12-15 08:00 UTC; readers before then: alice.", create.Output, StringComparison.Ordinal);

        var workbook = Path.Combine(Folder, "alice.xlsx");
        var alice = await RunAsync(database, "releases", "estimates", "--edition", "2024", "--user", "alice", "--out", workbook);
        Assert.True(alice.ExitCode == 0, alice.Error);
        Assert.True(new FileInfo(workbook).Length > 0);

        var refused = Path.Combine(Folder, "bob.csv");
        var bob = await RunAsync(database, "releases", "estimates", "--edition", "2024", "--user", "bob", "--out", refused);
        Assert.Equal(1, bob.ExitCode);
        Assert.Contains("edition 2024 has no release that bob may see", bob.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(refused));

        // On behalf of someone who has no account (or no role reading estimates): refused, nothing written, nothing audited.
        var nobody = await RunAsync(database, "releases", "estimates", "--edition", "2024", "--user", "nobody", "--out", refused);
        Assert.Equal(1, nobody.ExitCode);
        Assert.Contains("--user 'nobody': there is no active account", nobody.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(refused));

        // A release already published (no readers needed): everyone gets it.
        var published = await RunAsync(database, "releases", "create", "--edition", "2024", "--publication", "2020-01-01T00:00Z");
        Assert.True(published.ExitCode == 0, published.Error);
        var later = await RunAsync(database, "releases", "estimates", "--edition", "2024", "--user", "bob", "--out", refused);
        Assert.True(later.ExitCode == 0, later.Error);
        Assert.StartsWith("indicator,", File.ReadAllText(refused), StringComparison.Ordinal);

        var list = await RunAsync(database, "releases", "list");
        Assert.Contains("1\t2024\t1\t2999-12-15 08:00\tembargoed\talice\t", list.Output, StringComparison.Ordinal);
        Assert.Contains("2\t2024\t1\t2020-01-01 00:00\tpublished\t\t", list.Output, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_publication_without_an_offset_or_a_reader_without_an_account_releases_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await ApprovedRunAsync(database);

        var noOffset = await RunAsync(database, "releases", "create", "--edition", "2024", "--publication", "2999-12-15T09:00");
        var unknown = await RunAsync(database, "releases", "create", "--edition", "2024", "--publication", "2999-12-15T09:00Z", "--reader", "carol");

        Assert.Equal((1, 1), (noOffset.ExitCode, unknown.ExitCode));
        Assert.Contains("with its offset", noOffset.Error, StringComparison.Ordinal);
        Assert.Contains("reader 'carol': there is no such account", unknown.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("2024", (await RunAsync(database, "releases", "list")).Output, StringComparison.Ordinal);
    }
}
