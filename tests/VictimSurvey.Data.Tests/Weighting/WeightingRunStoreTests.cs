using Dapper;
using VictimSurvey.Data.Audit;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Weighting;

[Collection(DatabaseCollection.Name)]
public class WeightingRunStoreTests(DatabaseFixture fixture)
{
    [DatabaseFact]
    public async Task A_launch_is_audited_with_who_the_edition_the_run_and_its_label_and_the_page_opens_on_an_edition_with_runs()
    {
        var year = TestYears.Next(fixture.DataSource);
        await new EditionStore(fixture.DataSource).CreateAsync(new NewEdition(year, NewEdition.VrsPopulation, ["75"]), default);
        var runs = new WeightingRunStore(fixture.DataSource);

        var runId = await runs.CreateAsync(year, "calage national", "input: {}\n", 0, 1, [], "launcher-" + year, default);

        var audit = (await new AuditStore(fixture.DataSource).ListRecentAsync(200, WeightingRunStore.LaunchAction, default))
            .Where(e => e.UserName == "launcher-" + year).ToList();
        var record = Assert.Single(audit);
        Assert.Equal($"edition {year}, run {runId}, label calage national", record.Detail);
        // The newest edition with a run: this one, or a newer edition of another test that has runs too.
        Assert.True(await runs.DefaultEditionAsync(default) >= year);
    }

    [DatabaseFact]
    public async Task A_launch_for_an_edition_that_does_not_exist_stores_neither_a_run_nor_an_audit_record()
    {
        var user = "nobody-" + Guid.NewGuid().ToString("N");
        await Assert.ThrowsAsync<WeightingRunException>(() => new WeightingRunStore(fixture.DataSource).CreateAsync(1800, "x", "", 0, 1, [], user, default));

        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("select count(*)::int from audit_event where user_name = @user", new { user }));
    }
}
