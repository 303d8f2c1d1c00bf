using Dapper;
using Npgsql;
using VictimSurvey.Core.Editions;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Weighting;

namespace VictimSurvey.Data.Tests.Releases;

/// <summary>An edition with a succeeded, approved run whose estimates are written directly (no weighting).</summary>
public static class ReleaseTestData
{
    public static async Task<long> ApprovedRunAsync(NpgsqlDataSource db, int year, double nationalRate = 0.04)
    {
        await new EditionStore(db).CreateAsync(new NewEdition(year, NewEdition.VrsPopulation, ["75", "2A", "971"],
            "vrs-core", "1", null, null, "weighting-specs/vrs.yaml"), default);
        var runs = new WeightingRunStore(db);
        var runId = await runs.CreateAsync(year, "test", "input: {}\n", 0, 1, [], "stat", default);
        await runs.StartAsync(runId, default);
        EstimateRow Row(string variable, string domain, double value, int n, QualityFlag flag) =>
            new("insult", "Insults", variable, domain, new Estimate(value, value / 10, n, n * 100.0), new Interval(value * 0.8, value * 1.2), n - 1, flag);
        await new WeightingRunResultStore(db).SucceedAsync(runId, [],
            [Row(DomainPartition.National, DomainPartition.National, nationalRate, 3000, QualityFlag.Ok), Row("department", "75", 0.05, 400, QualityFlag.Ok),
             Row("department", "2A", 0.03, 20, QualityFlag.Suppressed), Row("department", "971", 0.06, 120, QualityFlag.Caution)],
            "report", "{}", default);
        await runs.ApproveAsync(runId, "stat", default);
        return runId;
    }

    public static async Task AccountAsync(NpgsqlDataSource db, string userName, string role = "analyst")
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into account (user_name, display_name, password_hash, roles) values (@userName, @userName, 'x', array[@role])
            on conflict do nothing
            """, new { userName, role });
    }
}
