using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey bench sample</c>: draws and loads a national sample into a scratch database on the
/// server of --db / VICTIMSURVEY_DB (created, then dropped), and times sample-grid page queries.
/// Figures go to docs/benchmarks.md.
/// </summary>
internal static class SampleBench
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "sample size", DefaultValueFactory = _ => 200_000 };
        var runs = new Option<int>("--runs") { Description = "draws (each into a new edition), and timed runs per page query ×10", DefaultValueFactory = _ => 3 };
        var sample = new Command("sample", "Draw + binary COPY of a 200,000-person sample (min-proportional, 99 departments), then sample-grid page queries.")
        {
            size, runs,
        };
        sample.SetAction((parse, ct) => CommonOptions.Guard(() => RunAsync(CommonOptions.ConnectionString(parse), parse.GetValue(size), parse.GetValue(runs), ct)));
        return sample;
    }

    private static async Task<int> RunAsync(string server, int size, int runs, CancellationToken ct)
    {
        var scratch = new NpgsqlConnectionStringBuilder(server) { Database = "victimsurvey_bench_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
        await Migrator.MigrateAsync(scratch, null, ct);
        try
        {
            await using var db = DataSourceFactory.Create(scratch);
            var editions = new EditionStore(db);
            var samples = new SampleStore(db);
            var job = new SampleDrawJob(editions, samples, new SampleLoader(db));
            Console.WriteLine(BenchMachine.Line());
            Console.WriteLine();
            Console.WriteLine("| measure | persons | median | min |");
            Console.WriteLine("|---|---:|---:|---:|");
            var generation = new List<double>();
            var loading = new List<double>();
            var total = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var watch = Stopwatch.StartNew();
                var result = await job.RunAsync(new SampleDrawRequest(2024 + r, new AllocationRequest(AllocationMethod.MinimumPlusProportional, size, Math.Min(1000, size / 100)), 2024), ct);
                total.Add(watch.Elapsed.TotalMilliseconds);
                generation.Add(result.Generation.TotalMilliseconds);
                loading.Add(result.Loading.TotalMilliseconds);
            }

            Row("allocation + generation (Bogus, seeded)", size, generation);
            Row("load: binary COPY of persons and contacts, one transaction", size, loading);
            Row("draw + load (`SampleDrawJob.RunAsync`, edition created)", size, total);

            var year = 2024;
            await PageRowAsync("page 1 of 50, default order", () => samples.PagePseudonymisedAsync(new SamplePageQuery(year), ct), runs, ct);
            await PageRowAsync("page 2,000 of 50, sorted by department", () => samples.PagePseudonymisedAsync(new SamplePageQuery(year, 1999, 50, "department"), ct), runs, ct);
            await PageRowAsync("page 1 of 50, sorted by birth year desc (no index)", () => samples.PagePseudonymisedAsync(new SamplePageQuery(year, 0, 50, "birthYear", Descending: true), ct), runs, ct);
            await PageRowAsync("page 1 of 50, department 59 + F + 30-44, sorted by diploma", () => samples.PagePseudonymisedAsync(new SamplePageQuery(year, 0, 50, "diploma", Department: "59", Sex: "F", AgeGroup: "30-44"), ct), runs, ct);
            await PageRowAsync("survey manager page 1 of 50 with contacts, sorted by last name", () => samples.PageWithContactForSurveyManagerAsync(new SamplePageQuery(year, 0, 50, "lastName"), [Roles.SurveyManager], ct), runs, ct);
            await PageRowAsync("allocation chart: planned vs drawn, 99 departments", () => samples.AllocationAsync(year, ct), runs, ct);
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
            await conn.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"drop database if exists \"{new NpgsqlConnectionStringBuilder(scratch).Database}\" with (force)", conn);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }

        async Task PageRowAsync<T>(string measure, Func<Task<T>> query, int queryRuns, CancellationToken token)
        {
            await query(); // warm-up: connection pool, plan, buffers
            var times = new List<double>();
            for (var r = 0; r < queryRuns * 10; r++)
            {
                token.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                await query();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            Row(measure, size, times);
        }
    }

    private static void Row(string measure, int persons, List<double> times)
    {
        var sorted = times.Order().ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {measure} | {persons:N0} | {Format(median)} | {Format(sorted[0])} |"));
    }

    private static string Format(double ms) => ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:F1} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:F1} ms");
}

/// <summary>The machine line of a benchmark table (cores, CPU, OS, .NET, date).</summary>
internal static class BenchMachine
{
    public static string Line() =>
        string.Create(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Cpu()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd}");

    private static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
