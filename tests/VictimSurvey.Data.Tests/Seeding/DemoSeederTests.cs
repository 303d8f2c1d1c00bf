using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Jobs.Seeding;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Seeding;

public class DemoSeederTests
{
    [DatabaseFact]
    public async Task Seeds_one_account_per_role_into_an_empty_database_and_nothing_the_second_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var dataSource = VictimSurvey.Data.Infrastructure.DataSourceFactory.Create(database.ConnectionString);
        var accounts = new AccountStore(dataSource, TimeProvider.System);
        var seeder = new DemoSeeder(accounts);

        Assert.True(await seeder.RunAsync(default));
        Assert.False(await seeder.RunAsync(default));

        var seeded = await accounts.ListAsync(default);
        Assert.Equal(Roles.All.Order(), seeded.SelectMany(a => a.Roles).Order());
        foreach (var (userName, _, password, _) in DemoAccounts.All)
        {
            Assert.Equal(SignInOutcome.Succeeded, (await accounts.SignInAsync(userName, password, default)).Outcome);
        }
    }
}
