using System.Buffers;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace VictimSurvey.Data.Fieldwork;

/// <summary>
/// Collected questionnaires: a response file loaded whole in one transaction (its row, the valid rows
/// by binary COPY into <c>response</c>, the others into <c>response_quarantine</c> with their
/// problems), a bulk COPY for responses without a file (the demo's simulated answers), and the back
/// office's reads. Responses of an edition are written under a transaction-level advisory lock on the
/// edition, so that the "already stored for this case, questionnaire and mode" check of one load sees
/// every response committed before it and two loads never race into the unique constraint.
/// </summary>
public sealed class ResponseStore(NpgsqlDataSource db)
{
    // pg_advisory_xact_lock(ResponseLockClass, edition id): one writer of an edition's responses at a time.
    private const int ResponseLockClass = 0x52455350; // "RESP"

    private static readonly JsonSerializerOptions ProblemJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The file with these bytes already loaded for the edition, or null.</summary>
    public async Task<ResponseFileSummary?> FindFileAsync(long editionId, string sha256, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ResponseFileSummary>(new CommandDefinition(
            $"select {FileColumns} from response_file f where f.edition_id = @editionId and f.sha256 = @sha256",
            new { editionId, sha256 }, cancellationToken: ct));
    }

    /// <summary>Case ids (sample_person.id) of the edition's phase-2 subsample; empty when none was drawn.</summary>
    public async Task<HashSet<long>> Phase2CaseIdsAsync(long editionId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition(
            "select person_id from sample_phase2 where edition_id = @editionId", new { editionId }, cancellationToken: ct))).ToHashSet();
    }

    /// <summary>
    /// Loads a checked file in one transaction: the <c>response_file</c> row first (the unique
    /// (edition, sha256) makes a second load of the same bytes, even a concurrent one, fail with
    /// <see cref="DuplicateResponseFileException"/> and write nothing), then, under the edition's
    /// lock, every row without problems whose case has no stored response to that questionnaire in
    /// this mode goes to <c>response</c> by binary COPY and every other row to
    /// <c>response_quarantine</c> with its problems; the file's counts last.
    /// </summary>
    public async Task<ResponseFileLoad> LoadFileAsync(
        long editionId, string mode, string fileName, string format, string sha256, string loadedBy,
        IReadOnlyList<ResponseFileRow> rows, CancellationToken ct)
    {
        if (!ResponseModes.IsKnown(mode))
        {
            throw new ArgumentException($"unknown response mode '{mode}' (one of {string.Join(", ", ResponseModes.All)})", nameof(mode));
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long fileId;
        try
        {
            fileId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                insert into response_file (edition_id, mode, file_name, format, sha256, row_count, loaded_by)
                values (@editionId, @mode, @fileName, @format, @sha256, @rowCount, @loadedBy)
                returning id
                """, new { editionId, mode, fileName, format, sha256, rowCount = rows.Count, loadedBy }, tx, cancellationToken: ct));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync(ct);
            throw new DuplicateResponseFileException(await FindFileAsync(editionId, sha256, ct));
        }

        await LockEditionAsync(conn, tx, editionId, ct);

        // Cases of this file that already have a response in this mode (from an earlier file or the simulation).
        var candidates = rows.Where(r => r.Response is not null && r.Problems.Count == 0).ToList();
        var stored = (await conn.QueryAsync<(long CaseId, string QuestionnaireId, long? FileId)>(new CommandDefinition(
            """
            select case_id, questionnaire_id, file_id from response
            where edition_id = @editionId and mode = @mode and case_id = any(@caseIds)
            """, new { editionId, mode, caseIds = candidates.Select(r => r.Response!.CaseId).Distinct().ToArray() }, tx, cancellationToken: ct)))
            .ToDictionary(s => (s.CaseId, s.QuestionnaireId), s => s.FileId);

        var valid = new List<NewResponse>(candidates.Count);
        var quarantined = new List<ResponseFileRow>();
        foreach (var row in rows)
        {
            if (row.Response is { } response && row.Problems.Count == 0)
            {
                if (stored.TryGetValue((response.CaseId, response.QuestionnaireId), out var earlierFile))
                {
                    var from = earlierFile is { } id ? $"response file {id}" : "simulated";
                    quarantined.Add(row with
                    {
                        Response = null,
                        Problems = [new ResponseRowProblem(row.Row, row.Line, "case_id",
                            $"case '{row.CaseReference}' already has a stored {mode} response to {response.QuestionnaireId} ({from})")],
                    });
                }
                else
                {
                    valid.Add(response with { Mode = mode });
                }
            }
            else
            {
                quarantined.Add(row);
            }
        }

        await CopyAsync(conn, editionId, valid, fileId, ct);
        await CopyQuarantineAsync(conn, fileId, quarantined, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update response_file set stored = @stored, quarantined = @quarantined where id = @fileId",
            new { fileId, stored = valid.Count, quarantined = quarantined.Count }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new ResponseFileLoad(fileId, valid.Count,
            quarantined.Select(r => new QuarantinedRow(r.Row, r.Line, r.CaseReference, r.Problems)).ToList());
    }

    /// <summary>
    /// Writes responses that come without a file (the demo seed's simulated answers: <c>file_id</c>
    /// null) by binary COPY in one transaction, under the edition's lock, and returns how many. All or
    /// nothing: a case that already has a response to the questionnaire in that mode (or an unknown
    /// mode, a case of another edition's sample is not checked here) fails the whole call. The caller
    /// checks its answers; this method does not run the validator.
    /// </summary>
    public async Task<int> CopyResponsesAsync(long editionId, IEnumerable<NewResponse> responses, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockEditionAsync(conn, tx, editionId, ct);
        var count = await CopyAsync(conn, editionId, responses, fileId: null, ct);
        await tx.CommitAsync(ct);
        return count;
    }

    /// <summary>The edition's response files, newest first.</summary>
    public async Task<IReadOnlyList<ResponseFileSummary>> FilesAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ResponseFileSummary>(new CommandDefinition(
            $"select {FileColumns} from response_file f join edition e on e.id = f.edition_id where e.year = @year order by f.id desc",
            new { year }, cancellationToken: ct))).ToList();
    }

    /// <summary>A page of the edition's quarantined rows (newest file first, then row order), and how many there are in all.</summary>
    public async Task<(IReadOnlyList<QuarantineEntry> Rows, int Total)> QuarantinePageAsync(int year, int offset, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            select count(*)::int from response_quarantine q
            join response_file f on f.id = q.file_id join edition e on e.id = f.edition_id
            where e.year = @year
            """, new { year }, cancellationToken: ct));
        var rows = await conn.QueryAsync<(long FileId, string FileName, string Mode, int RowNumber, int Line, string? CaseReference, string Raw, string Problems)>(
            new CommandDefinition(
                """
                select q.file_id, f.file_name, f.mode, q.row_number, q.line, q.case_reference, q.raw::text, q.problems::text
                from response_quarantine q
                join response_file f on f.id = q.file_id join edition e on e.id = f.edition_id
                where e.year = @year
                order by q.file_id desc, q.row_number
                offset @offset limit @limit
                """, new { year, offset = Math.Max(0, offset), limit = Math.Clamp(limit, 1, 500) }, cancellationToken: ct));
        return (rows.Select(r => new QuarantineEntry(r.FileId, r.FileName, r.Mode, r.RowNumber, r.Line, r.CaseReference, r.Raw,
            JsonSerializer.Deserialize<List<QuarantineProblem>>(r.Problems, ProblemJson) ?? [])).ToList(), total);
    }

    /// <summary>Stored responses of the edition by mode and questionnaire.</summary>
    public async Task<IReadOnlyList<ResponseCount>> CountsAsync(int year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ResponseCount>(new CommandDefinition(
            """
            select r.mode, r.questionnaire_id, r.questionnaire_version, count(*) as responses
            from response r join edition e on e.id = r.edition_id
            where e.year = @year
            group by r.mode, r.questionnaire_id, r.questionnaire_version
            order by r.questionnaire_id, r.questionnaire_version, r.mode
            """, new { year }, cancellationToken: ct))).ToList();
    }

    private const string FileColumns = "f.id, f.mode, f.file_name, f.format, f.row_count, f.stored, f.quarantined, f.loaded_at, f.loaded_by";

    private static Task LockEditionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long editionId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(@lockClass, @key)",
            new { lockClass = ResponseLockClass, key = unchecked((int)editionId) }, tx, cancellationToken: ct));

    private static async Task<int> CopyAsync(NpgsqlConnection conn, long editionId, IEnumerable<NewResponse> responses, long? fileId, CancellationToken ct)
    {
        var count = 0;
        var buffer = new ArrayBufferWriter<byte>(8192);
        await using var writer = await conn.BeginBinaryImportAsync(
            """
            copy response (edition_id, case_id, questionnaire_id, questionnaire_version, mode, started_at, completed_at, answers, file_id)
            from stdin (format binary)
            """, ct);
        foreach (var r in responses)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(editionId, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(r.CaseId, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(r.QuestionnaireId, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(r.QuestionnaireVersion, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(r.Mode, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(r.StartedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(r.CompletedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(AnswersJson(r.Answers, buffer), NpgsqlDbType.Jsonb, ct);
            if (fileId is { } id)
            {
                await writer.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }

            count++;
        }

        await writer.CompleteAsync(ct);
        return count;
    }

    private static async Task CopyQuarantineAsync(NpgsqlConnection conn, long fileId, IReadOnlyList<ResponseFileRow> rows, CancellationToken ct)
    {
        await using var writer = await conn.BeginBinaryImportAsync(
            "copy response_quarantine (file_id, row_number, line, case_reference, raw, problems) from stdin (format binary)", ct);
        foreach (var r in rows)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(fileId, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(r.Row, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(r.Line, NpgsqlDbType.Integer, ct);
            if (string.IsNullOrEmpty(r.CaseReference))
            {
                await writer.WriteNullAsync(ct);
            }
            else
            {
                await writer.WriteAsync(r.CaseReference, NpgsqlDbType.Text, ct);
            }

            await writer.WriteAsync(r.RawJson, NpgsqlDbType.Jsonb, ct);
            await writer.WriteAsync(
                JsonSerializer.Serialize(r.Problems.Select(p => new QuarantineProblem(p.Field, p.Message)), ProblemJson), NpgsqlDbType.Jsonb, ct);
        }

        await writer.CompleteAsync(ct);
    }

    /// <summary>{"question": "raw text", …} in the order given, without the blank answers. One reused buffer: no per-answer allocations beyond the strings.</summary>
    internal static string AnswersJson(IReadOnlyDictionary<string, string?> answers, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (question, value) in answers)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    json.WriteString(question, value);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
