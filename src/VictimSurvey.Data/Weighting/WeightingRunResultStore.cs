using Dapper;
using Npgsql;
using NpgsqlTypes;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Core.Estimation;

namespace VictimSurvey.Data.Weighting;

/// <summary>
/// What a weighting run computes: the replicate chunks as the chunk jobs deliver them, then, in one
/// transaction with the status, the final weights and the published estimates.
/// </summary>
public sealed class WeightingRunResultStore(NpgsqlDataSource db)
{
    private const int ChunkCountLockClass = 0x57524348; // "WRCH"

    /// <summary>
    /// Stores a chunk unless it is in already (a chunk taken again after a server stopped computes the same
    /// bytes), and only while the run is running. Returns how many chunks the run now has, or null when the
    /// run is no longer running (cancelled, failed, or finished by another server).
    /// </summary>
    public async Task<int?> SaveChunkAsync(long runId, RunChunk chunk, string computedBy, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // FOR SHARE: a cancel or a failure (which delete the chunks) waits for this insert, or this one sees it.
        var status = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select status from weighting_run where id = @runId for share", new { runId }, tx, cancellationToken: ct));
        if (status != RunStatus.Running)
        {
            return null;
        }

        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into weighting_run_chunk (run_id, chunk_number, first_replicate, replicate_count, estimates, weights, computed_by)
            values (@runId, @ChunkNumber, @FirstReplicate, @ReplicateCount, @Estimates, @Weights, @computedBy)
            on conflict (run_id, chunk_number) do nothing
            """, new { runId, chunk.ChunkNumber, chunk.FirstReplicate, chunk.ReplicateCount, chunk.Estimates, Weights = chunk.Weights ?? [], computedBy },
            tx, cancellationToken: ct));
        // Counted under a per-run lock held to the commit: two chunks saved at once would otherwise each count
        // before the other's commit, neither would see the last chunk in, and nobody would publish the run.
        // With the lock, the second to count sees the first's row, so exactly the last one sees them all.
        await conn.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(@lockClass, @key)", new { lockClass = ChunkCountLockClass, key = unchecked((int)runId) }, tx, cancellationToken: ct));
        var done = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from weighting_run_chunk where run_id = @runId", new { runId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return done;
    }

    /// <summary>The chunks' replicate estimates in replicate order (weights are not read: they can be large).</summary>
    public async Task<IReadOnlyList<RunChunk>> ChunkEstimatesAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<RunChunk>(new CommandDefinition(
            """
            select chunk_number, first_replicate, replicate_count, estimates, null::bytea as weights
            from weighting_run_chunk where run_id = @runId order by first_replicate
            """, new { runId }, cancellationToken: ct))).ToList();
    }

    /// <summary>One chunk with its replicate weights (for exports).</summary>
    public async Task<RunChunk?> ChunkAsync(long runId, int chunkNumber, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RunChunk>(new CommandDefinition(
            """
            select chunk_number, first_replicate, replicate_count, estimates, weights
            from weighting_run_chunk where run_id = @runId and chunk_number = @chunkNumber
            """, new { runId, chunkNumber }, cancellationToken: ct));
    }

    /// <summary>
    /// Writes the weights and the estimates (binary COPY) and marks the run succeeded, in one transaction,
    /// only if it is still running; false (and nothing written) when another server finished it first or it
    /// was cancelled.
    /// </summary>
    public async Task<bool> SucceedAsync(long runId, IReadOnlyList<RunWeight> weights, IReadOnlyList<EstimateRow> estimates,
        string report, string diagnosticsJson, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // FOR UPDATE: two servers finishing the same run at once are served one after the other.
        var status = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select status from weighting_run where id = @runId for update", new { runId }, tx, cancellationToken: ct));
        if (status != RunStatus.Running)
        {
            return false;
        }

        await using (var writer = await conn.BeginBinaryImportAsync(
            "copy weighting_run_weight (run_id, unit_number, unit_id, weight, design_weight, nonresponse_weight, g) from stdin (format binary)", ct))
        {
            foreach (var w in weights)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(w.UnitNumber, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(w.UnitId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(w.Weight, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(w.DesignWeight, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(w.NonresponseWeight, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(w.G, NpgsqlDbType.Double, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await conn.BeginBinaryImportAsync(
            """
            copy weighting_run_estimate (run_id, row_number, indicator, label, domain_variable, domain, estimate, se, ci_lower, ci_upper,
                                         cv, n, flag, weighted_base, df, deff) from stdin (format binary)
            """, ct))
        {
            for (var k = 0; k < estimates.Count; k++)
            {
                var e = estimates[k];
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(k, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.Indicator, NpgsqlDbType.Text, ct);
                await writer.WriteNullableAsync(e.Label, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(e.DomainVariable, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(e.Domain, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(e.Estimate.Value, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(e.Estimate.StandardError, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(e.Interval.Lower, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(e.Interval.Upper, NpgsqlDbType.Double, ct);
                await writer.WriteNullableAsync<double?>(double.IsNaN(e.Estimate.CoefficientOfVariation) ? null : e.Estimate.CoefficientOfVariation, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(e.Estimate.Base, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.Flag.ToString().ToLowerInvariant(), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(e.Estimate.WeightedBase, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(e.DegreesOfFreedom, NpgsqlDbType.Integer, ct);
                await writer.WriteNullableAsync<double?>(double.IsNaN(e.Estimate.DesignEffect) ? null : e.Estimate.DesignEffect, NpgsqlDbType.Double, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await conn.ExecuteAsync(new CommandDefinition(
            """
            update weighting_run set status = 'succeeded', stage = 'done', report = @report, diagnostics = @diagnosticsJson::jsonb, finished_at = now()
            where id = @runId
            """, new { runId, report, diagnosticsJson }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<RunWeight>> WeightsAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<RunWeight>(new CommandDefinition(
            """
            select unit_number, unit_id, weight, design_weight, nonresponse_weight, g
            from weighting_run_weight where run_id = @runId order by unit_number
            """, new { runId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The published rows of a run, as stored (in the order the engine gave them).</summary>
    public async Task<IReadOnlyList<StoredEstimate>> EstimatesAsync(long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<StoredEstimate>(new CommandDefinition(
            """
            select indicator, label, domain_variable, domain, estimate, se, ci_lower, ci_upper, cv, n, flag, weighted_base, df, deff
            from weighting_run_estimate where run_id = @runId order by row_number
            """, new { runId }, cancellationToken: ct))).ToList();
    }

}

/// <summary>A published row of a run as stored (FileEstimation's CSV columns).</summary>
public sealed record StoredEstimate
{
    public string Indicator { get; init; } = "";
    public string? Label { get; init; }
    public string DomainVariable { get; init; } = "";
    public string Domain { get; init; } = "";
    public double Estimate { get; init; }
    public double Se { get; init; }
    public double CiLower { get; init; }
    public double CiUpper { get; init; }
    public double? Cv { get; init; }
    public int N { get; init; }
    public string Flag { get; init; } = "";
    public double WeightedBase { get; init; }
    public int Df { get; init; }
    public double? Deff { get; init; }
}
