using VictimSurvey.Core.Accounts;
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
        var seeder = DemoSeeder.On(dataSource, accounts, sampleSize: 20_000);

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
}
