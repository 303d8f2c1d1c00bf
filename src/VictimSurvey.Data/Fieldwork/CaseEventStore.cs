using Dapper;
using Npgsql;
using NpgsqlTypes;
using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>A batch already loaded for the edition (same SHA-256 of the file's bytes).</summary>
public sealed record EventBatch
{
    public long Id { get; init; }
    public string FileName { get; init; } = "";
    public int RowCount { get; init; }
    public DateTimeOffset LoadedAt { get; init; }
}

/// <summary>Events of one type on one day (Europe/Paris), for the monitoring.</summary>
public sealed record EventDayCount
{
    public string Type { get; init; } = "";
    public DateOnly Day { get; init; }
    public long Events { get; init; }
}

/// <summary>The same file was loaded before (or is being loaded by another import right now).</summary>
public sealed class DuplicateEventBatchException(EventBatch? existing)
    : Exception(existing is null ? "this file is being loaded by another import" : $"this file was already loaded as batch {existing.Id} ({existing.FileName})")
{
    public EventBatch? Existing { get; } = existing;
}

/// <summary>Case events: the contractor's batches, loaded whole by binary COPY, and counts for the monitoring.</summary>
public sealed class CaseEventStore(NpgsqlDataSource db)
{
    /// <summary>The edition's cases: pseudonymous id → sample_person id, in one query (the import looks every row up here).</summary>
    public async Task<Dictionary<string, long>> CaseIdsAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("select pseudonymous_id, id from sample_person where edition_id = @editionId", conn);
        command.Parameters.AddWithValue("editionId", editionId);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }

        return ids;
    }

    public async Task<EventBatch?> FindBatchAsync(long editionId, string sha256, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<EventBatch>(new CommandDefinition(
            "select id, file_name, row_count, loaded_at from event_batch where edition_id = @editionId and sha256 = @sha256",
            new { editionId, sha256 }, cancellationToken: ct));
    }

    /// <summary>
    /// Writes the batch row and all its events (binary COPY) in one transaction, and returns the batch id.
    /// The batch row goes first: if the same file is being loaded concurrently, the unique
    /// (edition, sha256) makes the second wait, then fail with <see cref="DuplicateEventBatchException"/>, with nothing written.
    /// The batch's cases are marked dirty for <see cref="CaseStateStore.RefreshAsync"/> in the same transaction.
    /// </summary>
    public async Task<long> LoadBatchAsync(long editionId, string fileName, string sha256, IReadOnlyList<CaseEvent> events, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long batchId;
        try
        {
            batchId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                insert into event_batch (edition_id, file_name, sha256, row_count)
                values (@editionId, @fileName, @sha256, @rowCount)
                returning id
                """, new { editionId, fileName, sha256, rowCount = events.Count }, tx, cancellationToken: ct));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync(ct);
            throw new DuplicateEventBatchException(await FindBatchAsync(editionId, sha256, ct));
        }

        await using (var writer = await conn.BeginBinaryImportAsync(
            "copy case_event (edition_id, case_id, type, at, mode, source, batch_id) from stdin (format binary)", ct))
        {
            foreach (var e in events)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(editionId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(e.CaseId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(e.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(e.Mode, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(e.Source, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(batchId, NpgsqlDbType.Bigint, ct);
            }

            await writer.CompleteAsync(ct);
        }

        // The cases' summaries (case_state) are now stale: marked in this transaction, so the marks commit or roll back with the events.
        await CaseStateStore.MarkDirtyAsync(conn, tx, editionId, events.Select(e => e.CaseId), ct);
        await tx.CommitAsync(ct);
        return batchId;
    }

    /// <summary>Events of an edition by type and day (Europe/Paris); reads the (edition, type, at) index.</summary>
    public async Task<IReadOnlyList<EventDayCount>> CountsByTypeAndDayAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<EventDayCount>(new CommandDefinition(
            """
            select ev.type, (ev.at at time zone 'Europe/Paris')::date as day, count(*) as events
            from case_event ev join edition e on e.id = ev.edition_id
            where e.year = @year
            group by ev.type, day
            order by day, ev.type
            """, new { year }, cancellationToken: ct))).ToList();
    }

    /// <summary>Events of an edition in all (for the import's report and the tests).</summary>
    public async Task<long> CountAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from case_event ev join edition e on e.id = ev.edition_id where e.year = @year", new { year }, cancellationToken: ct));
    }
}
