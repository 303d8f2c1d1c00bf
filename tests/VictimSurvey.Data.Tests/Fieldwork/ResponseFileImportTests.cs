using Dapper;
using Npgsql;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

[Collection(ResponsesDatabaseCollection.Name)]
public sealed class ResponseFileImportTests(DatabaseFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vs-responses-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // In the second database (ResponsesDatabaseCollection), years from TestYears;
    // the tests that store nothing (bad rows, whole-file errors) share one edition.
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static int? sharedYear;

    private ResponseServices Services() => new(fixture.DataSource, folder);

    private static async Task<int> SharedEditionAsync(ResponseServices services)
    {
        await SharedGate.WaitAsync();
        try
        {
            return sharedYear ??= await services.EditionAsync(3);
        }
        finally
        {
            SharedGate.Release();
        }
    }

    [DatabaseFact]
    public async Task Valid_rows_are_stored_per_case_with_mode_times_and_answers_as_jsonb()
    {
        var services = Services();
        var year = await services.EditionAsync(3);
        var file = services.WriteCsv(ResponseServices.CoreRow(1, "yes,2,not_serious;other"), ResponseServices.CoreRow(2));

        var result = await services.Import.RunAsync(file, year, "web", "tester", default);

        Assert.Equal((2, 2, 0, "csv"), (result.Rows, result.Stored, result.Quarantined.Count, result.Format));
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var stored = (await conn.QueryAsync<(string Case, string Questionnaire, string Version, string Mode, DateTime Started, string Answers, long? FileId)>(
            """
            select p.pseudonymous_id, r.questionnaire_id, r.questionnaire_version, r.mode, r.started_at, r.answers::text, r.file_id
            from response r join sample_person p on p.id = r.case_id join edition e on e.id = r.edition_id
            where e.year = @year order by p.pseudonymous_id
            """, new { year })).ToList();
        Assert.Equal(2, stored.Count);
        Assert.Equal(("EXT-00001", "test-core", "1", "web", result.FileId), (stored[0].Case, stored[0].Questionnaire, stored[0].Version, stored[0].Mode, stored[0].FileId));
        Assert.Equal(new DateTime(2025, 3, 5, 9, 0, 0, DateTimeKind.Utc), stored[0].Started);
        Assert.Equal("""{"burglary": "yes", "burglary_count": "2", "why_no_complaint": "not_serious;other"}""", stored[0].Answers);
        Assert.Equal("""{"burglary": "no"}""", stored[1].Answers);
        var files = await services.Store.FilesAsync(year, default);
        var summary = Assert.Single(files);
        Assert.Equal(("web", Path.GetFileName(file), 2, 2, 0, "tester"), (summary.Mode, summary.FileName, summary.RowCount, summary.Stored, summary.Quarantined, summary.LoadedBy));
        var counts = Assert.Single(await services.Store.CountsAsync(year, default));
        Assert.Equal(("web", "test-core", 2L), (counts.Mode, counts.QuestionnaireId, counts.Responses));
    }

    [DatabaseFact]
    public async Task A_json_file_is_stored_with_numbers_and_arrays_normalised_and_core_and_module_together()
    {
        var services = Services();
        var year = await services.EditionAsync(2);
        var file = services.Write(".json", """
            [
              {"case_id": "EXT-00001", "questionnaire_id": "test-core", "questionnaire_version": 1,
               "started_at": "2025-03-05T10:00:00+01:00", "completed_at": "2025-03-05T10:25:00+01:00",
               "answers": {"burglary": "yes", "burglary_count": 3, "why_no_complaint": ["pointless"]}},
              {"case_id": "EXT-00001", "questionnaire_id": "test-module", "questionnaire_version": "1",
               "started_at": "2025-03-05T10:25:00+01:00", "completed_at": "2025-03-05T10:30:00+01:00",
               "answers": {"online_harassment": "no"}},
              {"case_id": "EXT-00002", "questionnaire_id": "test-core", "questionnaire_version": "1",
               "started_at": "2025-03-05T10:00:00+01:00", "completed_at": "2025-03-05T10:25:00+01:00",
               "answers": {"burglary": "maybe", "burglary_count": true}}
            ]
            """);

        var result = await services.Import.RunAsync(file, year, "phone", "tester", default);

        Assert.Equal((2, 1), (result.Stored, result.Quarantined.Count));
        var bad = result.Quarantined.Single();
        Assert.Equal((3, 8), (bad.Row, bad.Line));
        Assert.Equal(["answers.burglary_count", "answers.burglary"], bad.Problems.Select(p => p.Field));
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var answers = await conn.QuerySingleAsync<string>(
            "select answers::text from response where file_id = @id and questionnaire_id = 'test-core'", new { id = result.FileId });
        Assert.Equal("""{"burglary": "yes", "burglary_count": "3", "why_no_complaint": "pointless"}""", answers);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "EXT-99999,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,no,,", "case_id", "unknown case 'EXT-99999' in edition" },
        { ",test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,no,,", "case_id", "missing" },
        { "EXT-00002,vrs-core-2024,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,no,,", "questionnaire_id", "'vrs-core-2024' is not a questionnaire of edition" },
        { "EXT-00002,test-core,2,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,no,,", "questionnaire_version", "version '2' of test-core is not the one edition" },
        { "EXT-00002,test-core,1,2025-03-02T23:00:00+01:00,2025-03-05T10:25:00+01:00,no,,", "started_at", "outside the season of edition" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-08-01T00:00:00+02:00,no,,", "completed_at", "outside the season" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T09:59:00+01:00,no,,", "completed_at", "is before started_at" },
        { "EXT-00002,test-core,1,05/03/2025 10:00,2025-03-05T10:25:00+01:00,no,,", "started_at", "bad time '05/03/2025 10:00'" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00,2025-03-05T10:25:00+01:00,no,,", "started_at", "bad time" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,,no,,", "completed_at", "missing" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,maybe,,", "burglary", "'maybe' is not one of the codes" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,yes,100,", "burglary_count", "outside the range [1, 99]" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,yes,two,", "burglary_count", "'two' is not an integer" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,no,3,", "burglary_count", "the filter burglary == 'yes' skips this question" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,yes,,", "burglary_count", "required and routed to" },
        { "EXT-00002,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,yes,1,fear", "why_no_complaint", "'fear' not among the codes" },
    };

    [DatabaseTheory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_quarantined_with_its_row_and_field_and_stores_nothing(string badRow, string field, string expected)
    {
        // Good rows stored beside bad ones: the other tests. Here one edition serves every case (see SharedEditionAsync).
        var services = Services();
        var year = await SharedEditionAsync(services);
        var file = services.WriteCsv(badRow);

        var result = await services.Import.RunAsync(file, year, "web", "tester", default);

        Assert.Equal(0, result.Stored);
        var row = Assert.Single(result.Quarantined);
        var problem = Assert.Single(row.Problems);
        Assert.Equal((1, 2, field), (problem.Row, problem.Line, problem.Field));
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ResponsesAsync(year));
        var (page, total) = await services.Store.QuarantinePageAsync(year, 0, 500, default);
        Assert.True(total >= 1);
        var entry = Assert.Single(page, e => e.FileId == result.FileId);
        Assert.Equal((1, 2, "web"), (entry.Row, entry.Line, entry.Mode));
        Assert.Equal((field, problem.Message), (entry.Problems[0].Field, entry.Problems[0].Message));
        Assert.Contains("\"case_id\"", entry.Raw, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Every_problem_of_a_row_is_listed_not_only_the_first()
    {
        var services = Services();
        var year = await services.EditionAsync(2);
        var file = services.WriteCsv("EXT-99999,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T09:00:00+01:00,yes,,fear");

        var result = await services.Import.RunAsync(file, year, "web", "tester", default);

        var row = Assert.Single(result.Quarantined);
        Assert.Equal(["case_id", "completed_at", "burglary_count", "why_no_complaint"], row.Problems.Select(p => p.Field));
        Assert.Equal(0, result.Stored);
    }

    [DatabaseFact]
    public async Task The_same_case_twice_in_a_file_quarantines_every_occurrence()
    {
        var services = Services();
        var year = await services.EditionAsync(3);
        var file = services.WriteCsv(ResponseServices.CoreRow(1), ResponseServices.CoreRow(2), ResponseServices.CoreRow(1, "yes,1,"));

        var result = await services.Import.RunAsync(file, year, "web", "tester", default);

        Assert.Equal(1, result.Stored);
        Assert.Equal([1, 3], result.Quarantined.Select(q => q.Row));
        Assert.All(result.Quarantined, q => Assert.Contains("appears 2 times for test-core in this file (rows 1, 3)", q.Problems.Single().Message, StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task A_case_with_a_stored_response_in_the_mode_is_quarantined_but_another_mode_is_kept_beside_it()
    {
        var services = Services();
        var year = await services.EditionAsync(3);
        var web = await services.Import.RunAsync(services.WriteCsv(ResponseServices.CoreRow(1)), year, "web", "tester", default);

        var again = await services.Import.RunAsync(services.WriteCsv(ResponseServices.CoreRow(1, "yes,1,"), ResponseServices.CoreRow(2)), year, "web", "tester", default);
        var paper = await services.Import.RunAsync(services.WriteCsv(ResponseServices.CoreRow(1, "yes,1,")), year, "paper", "tester", default);

        Assert.Equal(1, again.Stored);
        var problem = Assert.Single(Assert.Single(again.Quarantined).Problems);
        Assert.Equal(("case_id", $"case 'EXT-00001' already has a stored web response to test-core (response file {web.FileId})"), (problem.Field, problem.Message));
        Assert.Equal((1, 0), (paper.Stored, paper.Quarantined.Count));
        var counts = await services.Store.CountsAsync(year, default);
        Assert.Equal([("paper", 1L), ("web", 2L)], counts.Select(c => (c.Mode, c.Responses)));
    }

    [DatabaseFact]
    public async Task A_module_response_outside_the_phase_2_subsample_is_quarantined_once_a_subsample_exists()
    {
        var services = Services();
        var year = await services.EditionAsync(3);
        string ModuleRow(int k) => $"EXT-{k:D5},test-module,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,,,";
        const string header = "case_id,questionnaire_id,questionnaire_version,started_at,completed_at,online_harassment";
        string Module(params int[] cases) => services.Write(".csv", header + "\n" + string.Join('\n', cases.Select(k => ModuleRow(k)[..^3] + ",no")) + "\n");

        // No subsample drawn: the check is skipped.
        Assert.Equal(1, (await services.Import.RunAsync(Module(1), year, "web", "tester", default)).Stored);

        await using (var conn = await fixture.DataSource.OpenConnectionAsync())
        {
            var id = await conn.QuerySingleAsync<long>(
                "select p.id from sample_person p join edition e on e.id = p.edition_id where e.year = @year and p.pseudonymous_id = 'EXT-00002'", new { year });
            await new SampleLoader(fixture.DataSource).ReplacePhase2Async(year, [(id, 0.5)], default);
        }

        var result = await services.Import.RunAsync(Module(2, 3), year, "web", "tester", default);

        Assert.Equal(1, result.Stored);
        var row = Assert.Single(result.Quarantined);
        Assert.Equal(2, row.Row);
        Assert.Contains("is not in the phase-2 subsample", row.Problems.Single().Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> WholeFileErrors => new()
    {
        { ".csv", "case_id,questionnaire_id,started_at,completed_at,burglary\nEXT-00001,test-core,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,no\n", "line 1: missing column(s) questionnaire_version" },
        { ".json", "[{\"case_id\": \"EXT-00001\",", "not valid JSON" },
        { ".json", "{}", "an array of objects" },
        { ".csv", ResponseServices.CsvHeader + "\n", "no rows" },
        { ".txt", "hello", "unknown file type" },
    };

    [DatabaseTheory]
    [MemberData(nameof(WholeFileErrors))]
    public async Task A_file_that_cannot_be_read_is_refused_whole_and_changes_nothing(string extension, string text, string expected)
    {
        var services = Services();
        var year = await SharedEditionAsync(services);
        var file = services.Write(extension, text);
        var before = await TableCountsAsync();

        var error = await Assert.ThrowsAsync<InputFileException>(() => services.Import.RunAsync(file, year, "web", "tester", default));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await TableCountsAsync());
    }

    [DatabaseFact]
    public async Task An_edition_without_a_questionnaire_or_unknown_is_refused_and_changes_nothing()
    {
        var services = Services();
        var bare = await services.EditionAsync(1, withCore: false, withModule: false);
        var file = services.WriteCsv(ResponseServices.CoreRow(1));
        var before = await TableCountsAsync();

        var none = await Assert.ThrowsAsync<ResponseImportException>(() => services.Import.RunAsync(file, bare, "web", "tester", default));
        var unknown = await Assert.ThrowsAsync<ResponseImportException>(() => services.Import.RunAsync(file, 2101, "web", "tester", default));

        Assert.Contains($"edition {bare} has no questionnaire attached", none.Problems.Single().Message, StringComparison.Ordinal);
        Assert.Equal(("file", "edition 2101 does not exist"), (unknown.Problems.Single().Field, unknown.Problems.Single().Message));
        Assert.Equal(file, unknown.InputPath);
        Assert.Equal(before, await TableCountsAsync());
    }

    [DatabaseFact]
    public async Task A_questionnaire_file_missing_from_the_library_refuses_the_file_and_changes_nothing()
    {
        var services = Services();
        var year = await services.EditionAsync(1);
        File.Delete(Path.Combine(services.Library.Folder, "test-core.yaml"));
        var before = await TableCountsAsync();

        var error = await Assert.ThrowsAsync<ResponseImportException>(() =>
            services.Import.RunAsync(services.WriteCsv(ResponseServices.CoreRow(1)), year, "web", "tester", default));

        Assert.Contains("questionnaire test-core version 1", error.Problems.Single().Message, StringComparison.Ordinal);
        Assert.Equal(before, await TableCountsAsync());
    }

    [DatabaseFact]
    public async Task A_second_import_of_the_same_file_is_refused_and_changes_nothing_even_as_another_mode()
    {
        var services = Services();
        var year = await services.EditionAsync(2);
        var file = services.WriteCsv(ResponseServices.CoreRow(1), "EXT-99999,test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,no,,");
        var first = await services.Import.RunAsync(file, year, "web", "tester", default);
        var before = await TableCountsAsync();
        var renamed = Path.Combine(folder, "renamed.csv");
        File.Copy(file, renamed);

        var again = await Assert.ThrowsAsync<ResponseImportException>(() => services.Import.RunAsync(file, year, "web", "tester", default));
        var asPaper = await Assert.ThrowsAsync<ResponseImportException>(() => services.Import.RunAsync(renamed, year, "paper", "tester", default));

        Assert.Equal((1, 1), (first.Stored, first.Quarantined.Count));
        Assert.Contains($"already loaded as web response file {first.FileId} ({Path.GetFileName(file)}, 1 stored, 1 quarantined", again.Problems.Single().Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing to do", asPaper.Problems.Single().Message, StringComparison.Ordinal);
        Assert.Equal(before, await TableCountsAsync());
    }

    [DatabaseFact]
    public async Task A_load_that_fails_part_way_leaves_no_file_row_no_response_and_no_quarantine()
    {
        var services = Services();
        var year = await services.EditionAsync(1);
        var editionId = await EditionIdAsync(year);
        var answers = new Dictionary<string, string?> { ["burglary"] = "no" };
        var at = new DateTimeOffset(2025, 3, 5, 10, 0, 0, TimeSpan.FromHours(1));
        ResponseFileRow Row(int k, long caseId) =>
            new(k, k + 1, $"c{k}", "{}", new NewResponse(caseId, "test-core", "1", "web", at, at, answers), []);
        var rows = new List<ResponseFileRow>
        {
            Row(1, await CaseIdAsync(year, "EXT-00001")),
            new(2, 3, "bad", "{}", null, [new ResponseRowProblem(2, 3, "case_id", "unknown")]),
            Row(3, -1), // no such person: the COPY fails on the foreign key after the file row and the first response
        };
        var before = await TableCountsAsync();

        await Assert.ThrowsAsync<PostgresException>(() =>
            services.Store.LoadFileAsync(editionId, "web", "partial.csv", "csv", new string('a', 64), "tester", rows, default));

        Assert.Equal(before, await TableCountsAsync());
    }

    [DatabaseFact]
    public async Task Simulated_responses_are_copied_without_a_file_and_a_file_row_for_the_same_case_and_mode_is_quarantined()
    {
        var services = Services();
        var year = await services.EditionAsync(3);
        var editionId = await EditionIdAsync(year);
        var at = new DateTimeOffset(2025, 3, 5, 10, 0, 0, TimeSpan.FromHours(1));
        var simulated = new[]
        {
            new NewResponse(await CaseIdAsync(year, "EXT-00001"), "test-core", "1", "web", at, at.AddMinutes(20), new Dictionary<string, string?> { ["burglary"] = "no", ["burglary_count"] = null }),
            new NewResponse(await CaseIdAsync(year, "EXT-00002"), "test-core", "1", "paper", at, at.AddMinutes(40), new Dictionary<string, string?> { ["burglary"] = "yes", ["burglary_count"] = "1" }),
        };

        Assert.Equal(2, await services.Store.CopyResponsesAsync(editionId, simulated, default));
        var file = await services.Import.RunAsync(services.WriteCsv(ResponseServices.CoreRow(1)), year, "web", "tester", default);

        Assert.Contains("(simulated)", Assert.Single(file.Quarantined).Problems.Single().Message, StringComparison.Ordinal);
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Mode, string Answers, long? FileId)>(
            "select mode, answers::text, file_id from response where edition_id = @editionId order by mode", new { editionId })).ToList();
        Assert.Equal([("paper", """{"burglary": "yes", "burglary_count": "1"}""", null), ("web", """{"burglary": "no"}""", (long?)null)], rows);
    }

    [DatabaseFact]
    public async Task Two_imports_of_the_same_file_at_once_load_it_once()
    {
        var services = Services();
        var year = await services.EditionAsync(3);
        var file = services.WriteCsv(ResponseServices.CoreRow(1), ResponseServices.CoreRow(2), ResponseServices.CoreRow(3));

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Outcome(services.Import.RunAsync(file, year, "web", "tester", default))));

        Assert.Single(runs, r => r is ResponseImportResult { Stored: 3 });
        Assert.Single(runs, r => r is ResponseImportException);
        Assert.Equal(3, await ResponsesAsync(year));
        Assert.Single(await services.Store.FilesAsync(year, default));
    }

    [DatabaseFact]
    public async Task Two_files_with_the_same_case_loaded_at_once_store_it_once_and_quarantine_the_other()
    {
        var services = Services();
        var year = await services.EditionAsync(3);
        var first = services.WriteCsv(ResponseServices.CoreRow(1), ResponseServices.CoreRow(2));
        var second = services.WriteCsv(ResponseServices.CoreRow(1, "yes,1,"), ResponseServices.CoreRow(3));

        var runs = await Task.WhenAll(Outcome(services.Import.RunAsync(first, year, "web", "tester", default)), Outcome(services.Import.RunAsync(second, year, "web", "tester", default)));

        var results = runs.Cast<ResponseImportResult>().ToList();
        Assert.Equal(3, results.Sum(r => r.Stored));
        Assert.Equal(1, results.Sum(r => r.Quarantined.Count));
        Assert.Equal(3, await ResponsesAsync(year));
    }

    private static async Task<object> Outcome<T>(Task<T> task)
    {
        try
        {
            return (await task)!;
        }
        catch (ResponseImportException ex)
        {
            return ex;
        }
    }

    private async Task<long> ResponsesAsync(int year)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("select count(*) from response r join edition e on e.id = r.edition_id where e.year = @year", new { year });
    }

    private async Task<(long Files, long Responses, long Quarantined)> TableCountsAsync()
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long, long, long)>(
            "select (select count(*) from response_file), (select count(*) from response), (select count(*) from response_quarantine)");
    }

    private async Task<long> EditionIdAsync(int year)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<long>("select id from edition where year = @year", new { year });
    }

    private async Task<long> CaseIdAsync(int year, string pseudonymousId)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<long>(
            "select p.id from sample_person p join edition e on e.id = p.edition_id where e.year = @year and p.pseudonymous_id = @pseudonymousId",
            new { year, pseudonymousId });
    }
}
