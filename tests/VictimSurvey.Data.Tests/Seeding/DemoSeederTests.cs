using VictimSurvey.Core.Accounts;
using VictimSurvey.Core.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Seeding;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Seeding;

public class DemoSeederTests
{
    [DatabaseFact]
    public async Task Seeds_one_account_per_role_and_the_2024_edition_with_its_sample_into_an_empty_database_and_nothing_the_second_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var dataSource = VictimSurvey.Data.Infrastructure.DataSourceFactory.Create(database.ConnectionString);
        var accounts = new AccountStore(dataSource, TimeProvider.System);
        var seeder = DemoSeeder.On(dataSource, accounts, sampleSize: 20_000, simulateFieldwork: false);

        Assert.True(await seeder.RunAsync(default));
        Assert.False(await seeder.RunAsync(default));

        var seeded = await accounts.ListAsync(default);
        Assert.Equal(Roles.All.Order(), seeded.SelectMany(a => a.Roles).Order());
        foreach (var (userName, _, password, _) in DemoAccounts.All)
        {
            Assert.Equal(SignInOutcome.Succeeded, (await accounts.SignInAsync(userName, password, default)).Outcome);
        }

        var edition = await new EditionStore(dataSource).GetAsync(2024, default);
        Assert.NotNull(edition);
        Assert.Equal(("vrs-core-2024", "1"), (edition.CoreQuestionnaireId, edition.CoreQuestionnaireVersion));
        Assert.Equal(("module-2024-online-victimisation", "1"), (edition.ModuleId, edition.ModuleVersion));
        Assert.Equal("weighting-specs/vrs-2024.yaml", edition.WeightingSpecPath);
        Assert.Equal(20_000, await new SampleStore(dataSource).CountAsync(2024, default));
    }

    [DatabaseFact]
    public async Task Seeds_a_finished_2024_season_and_a_2025_season_at_day_30()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var dataSource = VictimSurvey.Data.Infrastructure.DataSourceFactory.Create(database.ConnectionString);
        var seeder = DemoSeeder.On(dataSource, new AccountStore(dataSource, TimeProvider.System), sampleSize: 10_000);

        Assert.True(await seeder.RunAsync(default));

        var protocol = new ProtocolStore(dataSource);
        var events = new CaseEventStore(dataSource);
        var e2024 = await protocol.GetEditionAsync(2024, default);
        var e2025 = await protocol.GetEditionAsync(2025, default);
        Assert.Equal((EditionStatus.Closed, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 25)), (e2024.Status, e2024.SeasonStart, e2024.SeasonEnd));
        Assert.Equal((EditionStatus.InField, new DateOnly(2025, 1, 13), new DateOnly(2025, 3, 24)), (e2025.Status, e2025.SeasonStart, e2025.SeasonEnd));
        Assert.Equal(10_000, await new SampleStore(dataSource).CountAsync(2025, default));

        var days2024 = (await events.CountsByTypeAndDayAsync(2024, default)).Select(c => c.Day).ToList();
        var days2025 = (await events.CountsByTypeAndDayAsync(2025, default)).Select(c => c.Day).ToList();
        Assert.True(days2024.Max() > new DateOnly(2024, 3, 1));
        Assert.Equal(new DateOnly(2025, 1, 13).AddDays(30), days2025.Max());
        Assert.Equal([1, 2, 3], (await protocol.CommunicationCountsAsync(2025, default)).Keys.Order());
        Assert.Equal([1, 2, 3, 4], (await protocol.CommunicationCountsAsync(2024, default)).Keys.Order());
    }
}
