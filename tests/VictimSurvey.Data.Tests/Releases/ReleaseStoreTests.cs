using Dapper;
using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Tests.Accounts;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Releases;

[Collection(ResponsesDatabaseCollection.Name)]
public class ReleaseStoreTests(DatabaseFixture fixture)
{
    private static readonly DateTimeOffset Publication = new(2026, 12, 15, 8, 0, 0, TimeSpan.Zero);

    private async Task<(int Year, long RunId, Release Release)> ReleasedAsync(string reader, int? editionYear = null)
    {
        var year = editionYear ?? TestYears.Next(fixture.DataSource);
        var runId = await ReleaseTestData.ApprovedRunAsync(fixture.DataSource, year);
        await ReleaseTestData.AccountAsync(fixture.DataSource, reader);
        var release = await new ReleaseStore(fixture.DataSource, new ManualClock(Publication.AddDays(-10)))
            .CreateAsync(year, Publication, [reader], "stat", default);
        return (year, runId, release);
    }

    private async Task<int> AuditCountAsync(long releaseId, string userName)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(
            "select count(*)::int from audit_event where user_name = @userName and detail like @detail",
            new { userName, detail = $"release {releaseId} (%" });
    }

    [DatabaseFact]
    public async Task A_release_is_of_the_approved_run_with_its_readers()
    {
        var (year, runId, release) = await ReleasedAsync("relalice");

        Assert.Equal((year, runId, Publication), (release.EditionYear, release.RunId, release.PublicationAt));
        Assert.Equal(["relalice"], release.Readers);
    }

    [DatabaseFact]
    public async Task Before_publication_only_readers_see_the_figures_and_others_get_nothing_not_even_the_release()
    {
        var (_, _, release) = await ReleasedAsync("relreader");
        await ReleaseTestData.AccountAsync(fixture.DataSource, "relother");
        var store = new ReleaseStore(fixture.DataSource, new ManualClock(Publication.AddMinutes(-1)));

        var reader = await store.FiguresAsync(release.Id, "RelReader", ReleaseAccess.View, default);
        var other = await store.FiguresAsync(release.Id, "relother", ReleaseAccess.Excel, default);

        Assert.NotNull(reader);
        Assert.Equal(4, reader.Estimates.Count);
        Assert.Null(other);
        Assert.Contains(await store.VisibleAsync("relreader", default), r => r.Id == release.Id);
        Assert.DoesNotContain(await store.VisibleAsync("relother", default), r => r.Id == release.Id);
        Assert.Equal(0, await AuditCountAsync(release.Id, "relother"));
    }

    [DatabaseFact]
    public async Task From_the_publication_date_time_everyone_sees_it()
    {
        var (_, _, release) = await ReleasedAsync("relr2");
        var store = new ReleaseStore(fixture.DataSource, new ManualClock(Publication));

        Assert.NotNull(await store.FiguresAsync(release.Id, "anyone", ReleaseAccess.Csv, default));
        Assert.Contains(await store.VisibleAsync("anyone", default), r => r.Id == release.Id);
    }

    [DatabaseFact]
    public async Task The_maker_of_a_release_is_not_implicitly_on_its_list()
    {
        var (_, _, release) = await ReleasedAsync("relr3");
        var store = new ReleaseStore(fixture.DataSource, new ManualClock(Publication.AddDays(-1)));

        Assert.Null(await store.FiguresAsync(release.Id, "stat", ReleaseAccess.View, default));
    }

    [DatabaseFact]
    public async Task Every_read_of_figures_is_audited_with_how_it_was_read()
    {
        var (_, _, release) = await ReleasedAsync("relr4");
        var store = new ReleaseStore(fixture.DataSource, new ManualClock(Publication.AddDays(-1)));

        await store.FiguresAsync(release.Id, "relr4", ReleaseAccess.View, default);
        await store.FiguresAsync(release.Id, "relr4", ReleaseAccess.Excel, default);

        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var actions = (await conn.QueryAsync<(string Action, string Detail)>(
            "select action, detail from audit_event where user_name = 'relr4' order by id")).ToList();
        Assert.Equal(["release.view", "release.download"], actions.Select(a => a.Action));
        Assert.EndsWith(": xlsx", actions[1].Detail, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_release_needs_an_approved_run_and_existing_readers()
    {
        var year = TestYears.Next(fixture.DataSource);
        await ReleaseTestData.ApprovedRunAsync(fixture.DataSource, year);
        var store = new ReleaseStore(fixture.DataSource, TimeProvider.System);

        var unknown = await Assert.ThrowsAsync<ReleaseException>(() => store.CreateAsync(year, Publication, ["nobody-here"], "stat", default));
        var noEdition = await Assert.ThrowsAsync<ReleaseException>(() => store.CreateAsync(1900, Publication, [], "stat", default));

        Assert.Contains("nobody-here", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("no edition 1900", noEdition.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await store.ListAllAsync(default), r => r.EditionYear == year);
    }

    [DatabaseFact]
    public async Task A_published_run_is_not_released_again_under_embargo()
    {
        var year = TestYears.Next(fixture.DataSource);
        await ReleaseTestData.ApprovedRunAsync(fixture.DataSource, year);
        var store = new ReleaseStore(fixture.DataSource, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;

        await store.CreateAsync(year, now.AddYears(1), [], "stat", default);
        // An embargoed release may be followed by another of the same run: here, to publish it now.
        var published = await store.CreateAsync(year, now.AddMinutes(-1), [], "stat", default);
        var again = await Assert.ThrowsAsync<ReleaseException>(() => store.CreateAsync(year, now.AddYears(2), ["stat"], "stat", default));

        Assert.Contains($"already published (release {published.Id})", again.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await store.ListAllAsync(default)).Count(r => r.EditionYear == year));
    }

    [DatabaseFact]
    public async Task The_releasable_editions_are_those_with_a_succeeded_approved_run_and_name_it()
    {
        var year = TestYears.Next(fixture.DataSource);
        var store = new ReleaseStore(fixture.DataSource, TimeProvider.System);
        Assert.DoesNotContain(await store.ReleasableEditionsAsync(default), e => e.EditionYear == year);

        var runId = await ReleaseTestData.ApprovedRunAsync(fixture.DataSource, year);

        var edition = Assert.Single(await store.ReleasableEditionsAsync(default), e => e.EditionYear == year);
        Assert.Equal(runId, edition.RunId);
    }

    [DatabaseFact]
    public async Task The_audit_log_lists_the_release_events_alone_on_request()
    {
        var (_, _, release) = await ReleasedAsync("relaudit");
        var audit = new Audit.AuditStore(fixture.DataSource);
        await audit.RecordAsync("stat", "edition.other", "not a release event", default);

        var releaseEvents = await audit.ListRecentAsync(1000, "release.", default);

        Assert.All(releaseEvents, e => Assert.StartsWith("release.", e.Action, StringComparison.Ordinal));
        Assert.Contains(releaseEvents, e => e.Action == "release.create" && e.UserName == "stat" && e.Detail.StartsWith($"release {release.Id}:", StringComparison.Ordinal));
        Assert.Contains(await audit.ListRecentAsync(1000, default), e => e.Action == "edition.other");
    }

    [DatabaseFact]
    public async Task The_previous_edition_is_compared_only_when_the_user_may_see_it()
    {
        var first = TestYears.Next(fixture.DataSource, 2); // two consecutive editions: this year's and next year's
        var (year, _, _) = await ReleasedAsync("relr5", first);
        var next = year + 1;
        await ReleaseTestData.ApprovedRunAsync(fixture.DataSource, next);
        var store = new ReleaseStore(fixture.DataSource, new ManualClock(Publication.AddDays(-1)));
        var current = await store.CreateAsync(next, Publication.AddYears(1), ["relr5"], "stat", default);

        var forReader = await store.PreviousVisibleAsync(next, "relr5", default);
        var forOther = await store.PreviousVisibleAsync(next, "relsomeone", default);

        Assert.NotNull(forReader);
        Assert.NotEqual(current.Id, forReader);
        Assert.Null(forOther);
        _ = year;
    }
}
