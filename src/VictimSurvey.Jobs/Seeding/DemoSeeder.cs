using Npgsql;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Jobs.Seeding;

/// <summary>
/// Fills an empty database with the demo data: one account per role, and the 2024 edition (its
/// questionnaire, module and weighting spec attached) with a 200,000-person sample drawn with a fixed
/// seed; later issues add the fieldwork and a weighting run. Does nothing to a database that already
/// has accounts, so a second <c>./run.sh</c> keeps what the first one left.
/// </summary>
public sealed class DemoSeeder(AccountStore accounts, EditionStore editions, SampleDrawJob sampleDraw)
{
    public const int DemoEditionYear = 2024;
    public const int DemoSeed = 2024;

    /// <summary>The demo edition's sample size (smaller in tests that do not need a national sample).</summary>
    public int SampleSize { get; init; } = 200_000;

    /// <summary>The VRS rule: a minimum per department, the rest proportional to the adult population.</summary>
    public int MinimumPerDepartment { get; init; } = 1000;

    /// <summary>The seeder wired on one data source, for tests that do not build a service provider.</summary>
    public static DemoSeeder On(NpgsqlDataSource db, AccountStore accounts, int sampleSize = 200_000)
    {
        var editions = new EditionStore(db);
        return new DemoSeeder(accounts, editions, new SampleDrawJob(editions, new SampleStore(db), new SampleLoader(db))) { SampleSize = sampleSize };
    }

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

        // The questionnaire files and the spec are written elsewhere; the edition stores their ids and path.
        await editions.CreateAsync(new NewEdition(
            DemoEditionYear,
            NewEdition.VrsPopulation,
            ApproximateAdultPopulation.VrsCoverage,
            CoreQuestionnaireId: "vrs-core-2024",
            CoreQuestionnaireVersion: "1",
            ModuleId: "module-2024-online-victimisation",
            ModuleVersion: "1",
            WeightingSpecPath: "weighting-specs/vrs-2024.yaml"), ct);
        await sampleDraw.RunAsync(new SampleDrawRequest(
            DemoEditionYear,
            new AllocationRequest(AllocationMethod.MinimumPlusProportional, SampleSize, Math.Min(MinimumPerDepartment, SampleSize / 100)),
            DemoSeed), ct);
        return true;
    }
}
