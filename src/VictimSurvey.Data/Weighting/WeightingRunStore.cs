using Dapper;
using Npgsql;

namespace VictimSurvey.Data.Weighting;

/// <summary>
/// The life of a weighting run: launch (the run row and its files in one transaction), start, stages,
/// failure, cancellation, approval. Results (chunks, weights, estimates) are in <see cref="WeightingRunResultStore"/>.
/// Every change of status is conditional on the status it leaves, so a job taken twice (a server stopped,
/// Hangfire retried) or a cancel racing a finish can never move a run backwards; finished runs are also
/// guarded by a trigger (migration 0008).
/// </summary>
public sealed class WeightingRunStore(NpgsqlDataSource db)
{
    private const string RunColumns = """
        r.id, r.edition_id, e.year as edition_year, r.label, r.spec_yaml, r.status, r.stage, r.replicates, r.chunk_size,
        r.chunks, (select count(*)::int from weighting_run_chunk c where c.run_id = r.id) as chunks_done,
        r.respondents, r.failure, r.report, r.diagnostics::text as diagnostics, r.created_by, r.created_at,
        r.started_at, r.finished_at, coalesce(e.approved_run_id = r.id, false) as approved
        """;

    /// <summary>The audit action of a launch (written by <see cref="CreateAsync"/>) and of an approval (by <see cref="ApproveAsync"/>).</summary>
    public const string LaunchAction = "weighting.launch";

    public const string ApproveAction = "weighting.approve";

    /// <summary>
    /// Creates a queued run with its files and the audit record of its launch (who, edition, run, label) in one
    /// transaction; returns its id. The page passes the signed-in user, the CLI the OS user name.
    /// </summary>
    public async Task<long> CreateAsync(int editionYear, string label, string specYaml, int replicates, int chunkSize,
        IReadOnlyList<RunFile> files, string createdBy, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var editionId = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from edition where year = @editionYear", new { editionYear }, tx, cancellationToken: ct))
            ?? throw new WeightingRunException($"there is no edition {editionYear}");
        var chunks = replicates == 0 ? 0 : (replicates + chunkSize - 1) / chunkSize;
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into weighting_run (edition_id, label, spec_yaml, replicates, chunk_size, chunks, created_by)
            values (@editionId, @label, @specYaml, @replicates, @chunkSize, @chunks, @createdBy)
            returning id
            """, new { editionId, label, specYaml, replicates, chunkSize, chunks, createdBy }, tx, cancellationToken: ct));
        foreach (var file in files)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "insert into weighting_run_file (run_id, name, gzip, content) values (@id, @Name, @Gzip, @Content)",
                new { id, file.Name, file.Gzip, file.Content }, tx, cancellationToken: ct));
        }

        await conn.ExecuteAsync(new CommandDefinition(
            "insert into audit_event (user_name, action, detail) values (@createdBy, @action, @detail)",
            new { createdBy, action = LaunchAction, detail = $"edition {editionYear}, run {id}, label {label}" }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task<WeightingRun?> GetAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<WeightingRun>(new CommandDefinition(
            $"select {RunColumns} from weighting_run r join edition e on e.id = r.edition_id where r.id = @runId",
            new { runId }, cancellationToken: ct));
    }

    /// <summary>The runs of an edition, newest first.</summary>
    public async Task<IReadOnlyList<WeightingRun>> ListAsync(int editionYear, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<WeightingRun>(new CommandDefinition(
            $"select {RunColumns} from weighting_run r join edition e on e.id = r.edition_id where e.year = @editionYear order by r.id desc",
            new { editionYear }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<RunFile>> FilesAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<RunFile>(new CommandDefinition(
            "select name, content, gzip from weighting_run_file where run_id = @runId order by name", new { runId }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Moves a queued run to running (or confirms a running one, when its first job is taken again).
    /// False when the run is finished or cancelled: the job then has nothing to do.
    /// </summary>
    public async Task<bool> StartAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            """
            update weighting_run set status = 'running', started_at = coalesce(started_at, now())
            where id = @runId and status in ('queued', 'running')
            """, new { runId }, cancellationToken: ct)) == 1;
    }

    /// <summary>Records the stage of a running run (no effect once it is finished).</summary>
    public async Task SetStageAsync(long runId, string stage, CancellationToken ct, int? respondents = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            update weighting_run set stage = @stage, respondents = coalesce(@respondents, respondents)
            where id = @runId and status = 'running'
            """, new { runId, stage, respondents }, cancellationToken: ct));
    }

    /// <summary>
    /// Ends a running run as failed with its diagnostic and the engine's report, dropping any replicate
    /// chunk already stored: a failed run leaves nothing half-written, and the approved run stays in force.
    /// </summary>
    /// <param name="diagnosticsJson">The diagnostics of the weighting when it produced a calibration result (kept for the statistician).</param>
    public async Task FailAsync(long runId, string failure, string? report, CancellationToken ct, string? diagnosticsJson = null) =>
        await EndAsync(runId, RunStatus.Failed, failure, report, ct, diagnosticsJson);

    /// <summary>Cancels a queued or running run (its chunk jobs then find it cancelled and do nothing).</summary>
    public async Task<bool> CancelAsync(long runId, CancellationToken ct) =>
        await EndAsync(runId, RunStatus.Cancelled, null, null, ct);

    private async Task<bool> EndAsync(long runId, string status, string? failure, string? report, CancellationToken ct, string? diagnosticsJson = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ended = await conn.ExecuteAsync(new CommandDefinition(
            """
            update weighting_run set status = @status, failure = @failure, report = coalesce(@report, report),
                diagnostics = coalesce(@diagnosticsJson::jsonb, diagnostics), finished_at = now()
            where id = @runId and status in ('queued', 'running')
            """, new { runId, status, failure, report, diagnosticsJson }, tx, cancellationToken: ct)) == 1;
        if (ended)
        {
            await conn.ExecuteAsync(new CommandDefinition("delete from weighting_run_chunk where run_id = @runId", new { runId }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return ended;
    }

    /// <summary>
    /// Makes a succeeded run the edition's weights in force (replacing the one approved before), with who
    /// and when, and the audit record, in one transaction.
    /// </summary>
    public async Task ApproveAsync(long runId, string approvedBy, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var run = await conn.QuerySingleOrDefaultAsync<(long EditionId, string Status)?>(new CommandDefinition(
            "select edition_id, status from weighting_run where id = @runId for share", new { runId }, tx, cancellationToken: ct))
            ?? throw new WeightingRunException($"there is no weighting run {runId}");
        if (run.Status != RunStatus.Succeeded)
        {
            throw new WeightingRunException($"weighting run {runId} is {run.Status}: only a succeeded run can be approved");
        }

        await conn.ExecuteAsync(new CommandDefinition(
            "update edition set approved_run_id = @runId, approved_at = now(), approved_by = @approvedBy where id = @EditionId",
            new { runId, approvedBy, run.EditionId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into audit_event (user_name, action, detail) values (@approvedBy, @action, @detail)",
            new { approvedBy, action = ApproveAction, detail = $"run {runId}" }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>The run approved for an edition, if any.</summary>
    public async Task<long?> ApprovedRunIdAsync(int editionYear, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select approved_run_id from edition where year = @editionYear", new { editionYear }, cancellationToken: ct));
    }

    /// <summary>
    /// The edition the Weighting page opens on: the newest one that has a run (or an approved run); null when
    /// no edition has one (the page then takes the newest edition with a sample).
    /// </summary>
    public async Task<int?> DefaultEditionAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            """
            select e.year from edition e
            where e.approved_run_id is not null or exists (select 1 from weighting_run r where r.edition_id = e.id)
            order by e.year desc
            limit 1
            """, cancellationToken: ct));
    }

    /// <summary>The years of the editions that have a sample (those a run can weight), newest first.</summary>
    public async Task<IReadOnlyList<int>> EditionsWithSampleAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<int>(new CommandDefinition(
            "select e.year from edition e where exists (select 1 from sample_person p where p.edition_id = e.id) order by e.year desc",
            cancellationToken: ct))).AsList();
    }
}
