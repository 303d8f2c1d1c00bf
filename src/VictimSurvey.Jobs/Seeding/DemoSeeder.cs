using VictimSurvey.Data.Accounts;

namespace VictimSurvey.Jobs.Seeding;

/// <summary>
/// Fills an empty database with the demo data: for now one account per role; later issues add the
/// edition, its 200,000-person sample, the fieldwork and a weighting run. Does nothing to a database
/// that already has accounts, so a second <c>./run.sh</c> keeps what the first one left.
/// </summary>
public sealed class DemoSeeder(AccountStore accounts)
{
    /// <returns>True when the demo data was written, false when the database was not empty.</returns>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        if (await accounts.AnyAsync(ct))
        {
            return false;
        }

        foreach (var (userName, displayName, password, role) in DemoAccounts.All)
        {
            await accounts.CreateAsync(new NewAccount(userName, displayName, password, [role]), "demo-seed", ct);
        }

        return true;
    }
}
