using Dapper;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

[Collection(DatabaseCollection.Name)]
public sealed class ContactProtocolJobTests(DatabaseFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vs-protocol-").FullName;

    private FieldworkServices Services() => new(fixture.DataSource);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<long> CommunicationsAsync(int year, int? step = null)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            "select count(*) from communication c join edition e on e.id = c.edition_id where e.year = @year and (@step::int is null or c.step_number = @step)",
            new { year, step });
    }

    [DatabaseFact]
    public async Task An_edition_without_a_protocol_gets_the_VRS_default()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(1, folder);

        var steps = await services.Protocol.GetOrDefaultStepsAsync(year, default);

        Assert.Equal([0, 10, 21, 35, 70], steps.Select(s => s.DayOffset));
        Assert.Equal(ProtocolTargets.OpenWithPhone, steps[3].Target);
        Assert.Equal(ProtocolTargets.Close, steps[4].Target);
    }

    [DatabaseFact]
    public async Task Only_due_steps_run_and_each_reaches_every_open_case_once_under_repeated_runs()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(8, folder);

        var day0 = await services.ProtocolJob.RunAsync(year, FieldworkServices.SeasonStart, default);
        var again = await services.ProtocolJob.RunAsync(year, FieldworkServices.SeasonStart, default);

        Assert.Equal([8, 0, 0, 0, 0], day0.Select(s => s.Created));
        Assert.Equal([true, false, false, false, false], day0.Select(s => s.Due));
        Assert.All(again, s => Assert.Equal(0, s.Created));
        Assert.Equal(8, await CommunicationsAsync(year));
        Assert.Equal(8, await services.Events.CountAsync(year, default)); // one communication_sent event each
    }

    [DatabaseFact]
    public async Task Closed_cases_are_not_contacted_and_the_phone_step_needs_a_working_number()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(8, folder); // EXT-00004 and EXT-00008 have no phone
        await services.Import.RunAsync(FieldworkServices.WriteEvents(folder,
            "EXT-00001,web_complete,2025-03-05T10:00:00+01:00,web,web-system",
            "EXT-00002,refusal,2025-03-05T10:00:00+01:00,mail,helpline",
            "EXT-00003,ineligible_deceased,2025-03-05T10:00:00+01:00,mail,contractor",
            "EXT-00005,phone_wrong_number,2025-03-05T10:00:00+01:00,phone,cati",
            "EXT-00006,web_partial,2025-03-05T10:00:00+01:00,web,web-system"), year, default);

        var steps = await services.ProtocolJob.RunAsync(year, FieldworkServices.SeasonStart.AddDays(40), default);

        // Open: 4, 5, 6, 7, 8. With a working number: 6 and 7.
        Assert.Equal([5, 5, 5, 2, 0], steps.Select(s => s.Created));
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var phoned = await conn.QueryAsync<string>(
            "select p.pseudonymous_id from communication c join sample_person p on p.id = c.case_id join edition e on e.id = c.edition_id where e.year = @year and c.step_number = 4 order by 1",
            new { year });
        Assert.Equal(["EXT-00006", "EXT-00007"], phoned);
    }

    [DatabaseFact]
    public async Task Two_runs_at_once_create_the_same_communications_as_one()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(10, folder);
        var day = FieldworkServices.SeasonStart.AddDays(21);

        var runs = await Task.WhenAll(
            Task.Run(() => services.ProtocolJob.RunAsync(year, day, default)),
            Task.Run(() => services.ProtocolJob.RunAsync(year, day, default)));

        Assert.Equal(3 * 10, await CommunicationsAsync(year));
        Assert.Equal(3 * 10, runs.Sum(r => r.Sum(s => s.Created)));
        Assert.Equal(10, await CommunicationsAsync(year, 3));
    }

    [DatabaseFact]
    public async Task A_protocol_whose_days_go_back_is_refused()
    {
        var services = Services();
        var year = await services.EditionWithCasesAsync(1, folder);
        ProtocolStep[] steps =
        [
            new() { StepNumber = 1, DayOffset = 10, Channel = "mail", Target = ProtocolTargets.Open, Template = "a" },
            new() { StepNumber = 2, DayOffset = 5, Channel = "mail", Target = ProtocolTargets.Open, Template = "b" },
        ];

        var error = await Assert.ThrowsAsync<FieldworkException>(() => services.Protocol.ReplaceStepsAsync(year, steps, default));

        Assert.Contains("step 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(await services.Protocol.GetStepsAsync(year, default));
    }
}
