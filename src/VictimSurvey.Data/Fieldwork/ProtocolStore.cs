using Dapper;
using Npgsql;
using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>
/// An edition's season and contact protocol, and the application of a protocol step.
/// A case is <b>open</b> for the protocol while it has no event in <see cref="ClosingEventTypes"/>:
/// no complete (web, telephone, or a paper questionnaire received), no refusal (written or by
/// telephone: we do not call or write again after either), not ineligible. Dispositions are
/// computed elsewhere (Core/Fieldwork); this is only "should we still contact this person".
/// </summary>
public sealed class ProtocolStore(NpgsqlDataSource db)
{
    public static IReadOnlyList<string> ClosingEventTypes { get; } =
    [
        CaseEventTypes.WebComplete, CaseEventTypes.PaperReceived, CaseEventTypes.PhoneComplete,
        CaseEventTypes.Refusal, CaseEventTypes.PhoneRefusal,
        CaseEventTypes.IneligibleDeceased, CaseEventTypes.IneligibleMovedAbroad, CaseEventTypes.IneligibleInstitution,
    ];

    public async Task<FieldworkEdition> GetEditionAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<FieldworkEdition>(new CommandDefinition(
            "select id, year, status, season_start, season_end from edition where year = @year", new { year }, cancellationToken: ct))
            ?? throw new FieldworkException($"edition {year} does not exist");
    }

    public async Task SetSeasonAsync(int year, DateOnly start, DateOnly end, CancellationToken ct)
    {
        if (end < start)
        {
            throw new FieldworkException($"the season cannot end ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd})");
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        var updated = await conn.ExecuteAsync(new CommandDefinition(
            "update edition set season_start = @start, season_end = @end, updated_at = now() where year = @year",
            new { year, start, end }, cancellationToken: ct));
        if (updated == 0)
        {
            throw new FieldworkException($"edition {year} does not exist");
        }
    }

    public async Task<IReadOnlyList<ProtocolStep>> GetStepsAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ProtocolStep>(new CommandDefinition(
            """
            select s.step_number, s.day_offset, s.channel, s.target, s.template
            from protocol_step s join edition e on e.id = s.edition_id
            where e.year = @year
            order by s.step_number
            """, new { year }, cancellationToken: ct))).ToList();
    }

    /// <summary>The edition's steps, after storing the VRS default if it has none (so what runs is what is shown).</summary>
    public async Task<IReadOnlyList<ProtocolStep>> GetOrDefaultStepsAsync(int year, CancellationToken ct)
    {
        var steps = await GetStepsAsync(year, ct);
        if (steps.Count > 0)
        {
            return steps;
        }

        await ReplaceStepsAsync(year, VrsProtocol.Default, ct);
        return await GetStepsAsync(year, ct);
    }

    /// <summary>Replaces the edition's steps in one transaction. Steps are numbered from 1 and their day offsets never go back.</summary>
    public async Task ReplaceStepsAsync(int year, IReadOnlyList<ProtocolStep> steps, CancellationToken ct)
    {
        Check(steps);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var editionId = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from edition where year = @year for update", new { year }, tx, cancellationToken: ct))
            ?? throw new FieldworkException($"edition {year} does not exist");
        await conn.ExecuteAsync(new CommandDefinition(
            "delete from protocol_step where edition_id = @editionId", new { editionId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into protocol_step (edition_id, step_number, day_offset, channel, target, template)
            select @editionId, s.step_number, s.day_offset, s.channel, s.target, s.template
            from unnest(@numbers, @offsets, @channels, @targets, @templates) as s(step_number, day_offset, channel, target, template)
            """, new
            {
                editionId,
                numbers = steps.Select(s => s.StepNumber).ToArray(),
                offsets = steps.Select(s => s.DayOffset).ToArray(),
                channels = steps.Select(s => s.Channel).ToArray(),
                targets = steps.Select(s => s.Target).ToArray(),
                templates = steps.Select(s => s.Template).ToArray(),
            }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Applies one step in one transaction: a communication for every open case the target reaches
    /// that has not had this step yet, and its <c>communication_sent</c> event. ON CONFLICT DO NOTHING
    /// on (case, step) makes a retry, a restart or a concurrent run insert nothing more; the event is
    /// written only for the rows actually inserted. Returns the number of communications created.
    /// Mail steps skip cases whose mail came back undeliverable; telephone steps need a number that
    /// was not reported wrong; e-mail steps an address that did not bounce. The cases written are
    /// marked dirty for <see cref="CaseStateStore.RefreshAsync"/> in the same statement.
    /// </summary>
    public async Task<int> ApplyStepAsync(long editionId, ProtocolStep step, Guid batchId, DateTimeOffset sentAt, CancellationToken ct)
    {
        if (step.Target == ProtocolTargets.Close)
        {
            return 0;
        }

        const string sql = """
            with reached as (
                select p.id
                from sample_person p
                left join sample_contact c on c.person_id = p.id
                where p.edition_id = @editionId
                  and not exists (select 1 from case_event e where e.case_id = p.id and e.type = any(@closing))
                  and (@target <> 'open_with_phone'
                       or (c.phone is not null and not exists (select 1 from case_event e where e.case_id = p.id and e.type = 'phone_wrong_number')))
                  and (@target <> 'open_with_email'
                       or (c.email is not null and not exists (select 1 from case_event e where e.case_id = p.id and e.type = 'email_bounced')))
                  and (@channel <> 'mail'
                       or not exists (select 1 from case_event e where e.case_id = p.id and e.type = 'mail_undeliverable'))
            ), inserted as (
                insert into communication (edition_id, case_id, step_number, batch_id, channel, template, sent_at)
                select @editionId, r.id, @stepNumber, @batchId, @channel, @template, @sentAt from reached r
                on conflict (case_id, step_number) do nothing
                returning case_id, sent_at
            ), sent as (
                insert into case_event (edition_id, case_id, type, at, mode, source, batch_id)
                select @editionId, i.case_id, 'communication_sent', i.sent_at, @channel, 'protocol', null from inserted i
                returning case_id
            )
            -- The cases' summaries are stale: marked in the same statement (see CaseStateStore.MarkDirtySql). One row per case, so the count is the communications'.
            insert into case_state_dirty (edition_id, case_id)
            select @editionId, s.case_id from sent s order by s.case_id
            on conflict (edition_id, case_id) do update set marked_at = excluded.marked_at
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var inserted = await conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            editionId,
            closing = ClosingEventTypes.ToArray(),
            target = step.Target,
            channel = step.Channel,
            stepNumber = step.StepNumber,
            template = step.Template,
            batchId,
            sentAt = sentAt.ToUniversalTime(), // Npgsql writes timestamptz from offset-zero values only
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return inserted;
    }

    /// <summary>Communications recorded per step number for an edition.</summary>
    public async Task<IReadOnlyDictionary<int, long>> CommunicationCountsAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<StepCount>(new CommandDefinition(
            """
            select c.step_number, count(*) as communications
            from communication c join edition e on e.id = c.edition_id
            where e.year = @year
            group by c.step_number
            """, new { year }, cancellationToken: ct));
        return rows.ToDictionary(r => r.StepNumber, r => r.Communications);
    }

    private static void Check(IReadOnlyList<ProtocolStep> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var where = $"step {i + 1}";
            if (s.StepNumber != i + 1)
            {
                throw new FieldworkException($"{where}: numbered {s.StepNumber}; steps are numbered 1, 2, 3… in order");
            }

            if (s.DayOffset < 0 || (i > 0 && s.DayOffset < steps[i - 1].DayOffset))
            {
                throw new FieldworkException($"{where}: day {s.DayOffset} comes before the previous step's day; offsets never go back");
            }

            if (!ProtocolTargets.All.Contains(s.Target, StringComparer.Ordinal))
            {
                throw new FieldworkException($"{where}: unknown target '{s.Target}' (one of {string.Join(", ", ProtocolTargets.All)})");
            }

            var close = s.Target == ProtocolTargets.Close;
            if (close != (s.Channel is null) || close != (s.Template is null))
            {
                throw new FieldworkException($"{where}: a close step has no channel or template; every other step has both");
            }

            if (s.Channel is not null && !FieldworkModes.IsKnown(s.Channel))
            {
                throw new FieldworkException($"{where}: unknown channel '{s.Channel}' (one of {string.Join(", ", FieldworkModes.All)})");
            }
        }
    }

    private sealed record StepCount
    {
        public int StepNumber { get; init; }
        public long Communications { get; init; }
    }
}
