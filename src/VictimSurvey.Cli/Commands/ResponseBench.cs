using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey bench responses</c>: draws a national sample into a scratch database on the server of
/// --db / VICTIMSURVEY_DB (created, then dropped) and times <see cref="ResponseStore.CopyResponsesAsync"/>
/// on synthetic responses (the demo's answers generator path), then the back office's counts.
/// </summary>
internal static class ResponseBench
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "sample size (cases)", DefaultValueFactory = _ => 200_000 };
        var responses = new Option<int>("--responses") { Description = "responses to copy (one per case, at most --cases)", DefaultValueFactory = _ => 110_000 };
        var answers = new Option<int>("--answers") { Description = "answers per response", DefaultValueFactory = _ => 130 };
        var command = new Command("responses", "Bulk copy of simulated responses (110,000 responses of 130 answers on a 200,000-case sample) and their counts.")
        {
            cases, responses, answers,
        };
        command.SetAction((parse, ct) => CommonOptions.Guard(() =>
            RunAsync(CommonOptions.ConnectionString(parse), parse.GetValue(cases), parse.GetValue(responses), parse.GetValue(answers), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string server, int cases, int count, int answerCount, CancellationToken ct)
    {
        var scratch = new NpgsqlConnectionStringBuilder(server) { Database = "victimsurvey_bench_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
        await Migrator.MigrateAsync(scratch, null, ct);
        try
        {
            await using var db = DataSourceFactory.Create(scratch);
            var editions = new EditionStore(db);
            await new SampleDrawJob(editions, new SampleStore(db), new SampleLoader(db)).RunAsync(
                new SampleDrawRequest(2025, new AllocationRequest(AllocationMethod.MinimumPlusProportional, cases, Math.Min(1000, cases / 100)), 2025), ct);
            var editionId = (await new ProtocolStore(db).GetEditionAsync(2025, ct)).Id;
            var caseIds = (await new CaseEventStore(db).CaseIdsAsync(editionId, ct)).Values.Order().Take(count).ToArray();
            var questions = Enumerable.Range(1, answerCount).Select(q => string.Create(CultureInfo.InvariantCulture, $"q{q:D3}")).ToArray();
            var values = new[] { "yes", "no", "1", "2", "never", "sometimes", "not_serious;pointless", "2024-06-15" };
            var start = new DateTimeOffset(2025, 3, 5, 18, 0, 0, TimeSpan.FromHours(1));
            IEnumerable<NewResponse> Responses()
            {
                var random = new Random(2025);
                foreach (var id in caseIds)
                {
                    var answers = new Dictionary<string, string?>(answerCount, StringComparer.Ordinal);
                    foreach (var q in questions)
                    {
                        answers[q] = values[random.Next(values.Length)];
                    }

                    var at = start.AddMinutes(random.Next(60 * 24 * 30));
                    yield return new NewResponse(id, "vrs-core-bench", "1", ResponseModes.Web, at, at.AddMinutes(25 + random.Next(20)), answers);
                }
            }

            Console.WriteLine(BenchMachine.Line());
            Console.WriteLine();
            Console.WriteLine("| measure | responses | answers each | time |");
            Console.WriteLine("|---|---:|---:|---:|");
            var store = new ResponseStore(db);
            var watch = Stopwatch.StartNew();
            var copied = await store.CopyResponsesAsync(editionId, Responses(), ct);
            Row("`ResponseStore.CopyResponsesAsync` (answers built on the fly, binary COPY with jsonb, one transaction)", copied, answerCount, watch.Elapsed);
            watch.Restart();
            var counts = await store.CountsAsync(2025, ct);
            Row($"counts by mode and questionnaire ({counts.Count} cell(s))", copied, answerCount, watch.Elapsed);
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var size = new NpgsqlCommand("select pg_size_pretty(pg_total_relation_size('response'))", conn);
            Console.WriteLine();
            Console.WriteLine($"Table `response` on disk: {await size.ExecuteScalarAsync(ct)}.");
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
    }

    private static void Row(string measure, int responses, int answers, TimeSpan time) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {measure} | {responses:N0} | {answers:N0} | {time.TotalSeconds:F2} s |"));
}
