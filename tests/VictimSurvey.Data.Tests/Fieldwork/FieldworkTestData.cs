using Npgsql;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Jobs.Fieldwork;

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

    // Editions of their own, counting down from 2022: the sampling tests count up from 2030 and the
    // test rows' birth years (1951–1999) must stay adult and under 120 in the reference year.
    private static int lastYear = 2023;

    public static int NextYear() => Interlocked.Decrement(ref lastYear);

    /// <summary>At most 10 cases, so that every test person is an adult whatever the year.</summary>
    public async Task<int> EditionWithCasesAsync(int cases, string folder)
    {
        var year = NextYear();
        var path = ImportFiles.Write(folder, Enumerable.Range(1, cases).Select(ImportFiles.ValidRow));
        await new SampleServices(db).Import.RunAsync(path, year, replace: false, default);
        await Protocol.SetSeasonAsync(year, SeasonStart, SeasonEnd, default);
        return year;
    }

    public static string WriteEvents(string folder, params string[] rows)
    {
        var path = Path.Combine(folder, "events-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        File.WriteAllText(path, "case_id,event_type,event_time,mode,source\n" + string.Join('\n', rows) + "\n");
        return path;
    }
}
