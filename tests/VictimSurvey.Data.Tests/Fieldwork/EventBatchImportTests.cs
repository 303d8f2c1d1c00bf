using Dapper;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

[Collection(DatabaseCollection.Name)]
public sealed class EventBatchImportTests(DatabaseFixture fixture) : IDisposable
{
    private const string GoodRow = "EXT-00001,web_login,2025-03-05T10:15:00+01:00,web,contractor-a";

    private readonly string folder = Directory.CreateTempSubdirectory("vs-events-").FullName;

    private FieldworkServices Services() => new(fixture.DataSource);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [DatabaseFact]
    public async Task A_valid_batch_is_loaded_with_its_batch_row_and_times_kept_as_instants()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(3, folder);
        var file = FieldworkServices.WriteEvents(folder,
            GoodRow,
            "EXT-00002,web_complete,2025-03-06T09:00:00Z,web,contractor-a",
            "EXT-00003,phone_no_answer,2025-07-31T23:30:00+02:00,phone,cati");

        var result = await services.Import.RunAsync(file, year, default);

        Assert.Equal(3, result.Events);
        Assert.Equal(3, await services.Events.CountAsync(year, default));
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var batch = await conn.QuerySingleAsync<(string FileName, int RowCount)>(
            "select file_name, row_count from event_batch where id = @id", new { id = result.BatchId });
        Assert.Equal((Path.GetFileName(file), 3), batch);
        var at = await conn.QuerySingleAsync<DateTime>(
            "select e.at from case_event e join sample_person p on p.id = e.case_id where p.pseudonymous_id = 'EXT-00001' and e.batch_id = @id", new { id = result.BatchId });
        Assert.Equal(new DateTime(2025, 3, 5, 9, 15, 0, DateTimeKind.Utc), at);
        var byDay = await services.Events.CountsByTypeAndDayAsync(year, default);
        Assert.Contains(byDay, c => c.Type == "phone_no_answer" && c.Day == new DateOnly(2025, 7, 31) && c.Events == 1);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "EXT-99999,web_login,2025-03-05T10:15:00+01:00,web,contractor-a", "case_id", "unknown case 'EXT-99999' in edition" },
        { ",web_login,2025-03-05T10:15:00+01:00,web,contractor-a", "case_id", "missing" },
        { "EXT-00001,web_logout,2025-03-05T10:15:00+01:00,web,contractor-a", "event_type", "unknown event type 'web_logout'" },
        { "EXT-00001,web_login,2025-03-05T10:15:00+01:00,pigeon,contractor-a", "mode", "unknown mode 'pigeon'" },
        { "EXT-00001,web_login,,web,contractor-a", "event_time", "missing" },
        { "EXT-00001,web_login,05/03/2025 10:15,web,contractor-a", "event_time", "bad time '05/03/2025 10:15'" },
        { "EXT-00001,web_login,2025-03-05T10:15:00,web,contractor-a", "event_time", "bad time" },
        { "EXT-00001,web_login,2025-02-13T25:00:00Z,web,contractor-a", "event_time", "bad time" },
        { "EXT-00001,web_login,2025-03-02T23:59:59+01:00,web,contractor-a", "event_time", "outside the season of edition" },
        { "EXT-00001,web_login,2025-08-01T00:00:00+02:00,web,contractor-a", "event_time", "outside the season" },
        { "EXT-00001,web_login,2025-03-05T10:15:00+01:00,web,", "source", "missing" },
    };

    [DatabaseTheory]
    [MemberData(nameof(BadRows))]
    public async Task Import_rejects_a_bad_event_naming_its_row_and_field_and_changes_nothing(string badRow, string field, string expected)
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(2, folder);
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder, GoodRow), year, default);

        var error = await Assert.ThrowsAsync<EventImportException>(() =>
            services.Import.RunAsync(FieldworkServices.WriteEvents(folder, GoodRow, "EXT-00002,web_partial,2025-03-05T11:00:00+01:00,web,contractor-a", badRow), year, default));

        var problem = Assert.Single(error.Problems);
        Assert.Equal((3, 4, field), (problem.Row, problem.Line, problem.Field));
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, await services.Events.CountAsync(year, default));
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>(
            "select count(*) from event_batch b join edition e on e.id = b.edition_id where e.year = @year", new { year }));
    }

    [DatabaseFact]
    public async Task Every_problem_of_the_file_is_reported_not_only_the_first()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(2, folder);

        var error = await Assert.ThrowsAsync<EventImportException>(() => services.Import.RunAsync(FieldworkServices.WriteEvents(folder,
            "EXT-00042,telepathy,yesterday,owl,x",
            GoodRow,
            "EXT-00002,refusal,2024-12-31T12:00:00Z,mail,"), year, default));

        Assert.Equal(
            [(1, "case_id"), (1, "event_type"), (1, "event_time"), (1, "mode"), (3, "event_time"), (3, "source")],
            error.Problems.Select(p => (p.Row, p.Field)));
        Assert.Equal(0, await services.Events.CountAsync(year, default));
    }

    [DatabaseFact]
    public async Task A_second_import_of_the_same_file_is_refused_and_changes_nothing()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(2, folder);
        var file = FieldworkServices.WriteEvents(folder, GoodRow, "EXT-00002,refusal,2025-03-07T12:00:00+01:00,mail,contractor-a");
        var first = await services.Import.RunAsync(file, year, default);
        var copy = Path.Combine(folder, "renamed-copy.csv");
        File.Copy(file, copy);

        var error = await Assert.ThrowsAsync<EventImportException>(() => services.Import.RunAsync(copy, year, default));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("file", problem.Field);
        Assert.Contains($"already loaded as batch {first.BatchId}", problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, await services.Events.CountAsync(year, default));
    }

    [DatabaseFact]
    public async Task The_same_file_imported_twice_at_once_is_loaded_exactly_once()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(3, folder);
        var file = FieldworkServices.WriteEvents(folder, GoodRow, "EXT-00003,web_complete,2025-03-07T12:00:00+01:00,web,contractor-a");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                await services.Import.RunAsync(file, year, default);
                return true;
            }
            catch (EventImportException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(loaded => loaded));
        Assert.Equal(2, await services.Events.CountAsync(year, default));
    }
}
