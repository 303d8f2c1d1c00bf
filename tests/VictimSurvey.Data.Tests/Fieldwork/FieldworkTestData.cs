using Npgsql;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Data.Tests.Fieldwork;

/// <summary>An edition with a small imported sample (cases EXT-00001…) and a season from 2025-03-03 to 2025-07-31.</summary>
public sealed class FieldworkServices(NpgsqlDataSource db)
{
    public static readonly DateOnly SeasonStart = new(2025, 3, 3);
    public static readonly DateOnly SeasonEnd = new(2025, 7, 31);

    public ProtocolStore Protocol { get; } = new(db);
    public CaseEventStore Events { get; } = new(db);
    public EventBatchImport Import => new(Protocol, Events);
    public ContactProtocolJob ProtocolJob => new(Protocol);

    // Editions of their own (TestYears); the test persons' birth dates are set from the edition year so
    // that they are adults under 120 whatever the year.
    public int NextYear() => TestYears.Next(db);

    /// <summary>At most 10 cases, so that every test person is an adult whatever the year.</summary>
    public async Task<int> EditionWithCasesAsync(int cases, string folder)
    {
        var year = NextYear();
        var path = ImportFiles.Write(folder, Enumerable.Range(1, cases).Select(k => AdultIn(year, ImportFiles.ValidRow(k))));
        await new SampleServices(db).Import.RunAsync(path, year, replace: false, default);
        await Protocol.SetSeasonAsync(year, SeasonStart, SeasonEnd, default);
        return year;
    }

    private static Dictionary<string, string> AdultIn(int year, Dictionary<string, string> row)
    {
        var born = DateOnly.ParseExact(row["birth_date"], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        row["birth_date"] = new DateOnly(year - 41 - born.Year % 30, born.Month, born.Day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return row;
    }

    /// <summary>
    /// An edition with a drawn sample of about <paramref name="size"/> persons and a whole simulated
    /// season (2024-01-15 to 2024-03-25, seeded), its case states NOT refreshed: every case with an
    /// event is marked dirty.
    /// </summary>
    public async Task<(int Year, long EditionId)> SimulatedSeasonAsync(int size, int seed)
    {
        var year = NextYear();
        await new SampleServices(db).Draw.RunAsync(
            new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.MinimumPlusProportional, size, 20), Seed: year), default);
        await Protocol.SetSeasonAsync(year, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 25), default);
        await new SeasonSimulator(Protocol, Events, new SimulationStore(db)).RunAsync(year, untilDay: null, seed, default);
        return (year, (await Protocol.GetEditionAsync(year, default)).Id);
    }

    /// <summary>Every event of the edition, as stored.</summary>
    public async Task<List<CaseEvent>> EventsAsync(long editionId)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select case_id, type, at, mode, source from case_event where edition_id = @editionId", conn);
        command.Parameters.AddWithValue("editionId", editionId);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<CaseEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new CaseEvent(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4)));
        }

        return events;
    }

    public static string WriteEvents(string folder, params string[] rows)
    {
        var path = Path.Combine(folder, "events-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        File.WriteAllText(path, "case_id,event_type,event_time,mode,source\n" + string.Join('\n', rows) + "\n");
        return path;
    }
}
