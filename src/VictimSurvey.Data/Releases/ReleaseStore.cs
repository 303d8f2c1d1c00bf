using Dapper;
using Npgsql;
using VictimSurvey.Data.Weighting;

namespace VictimSurvey.Data.Releases;

/// <summary>A release as listed (no figures).</summary>
public sealed record Release
{
    public long Id { get; init; }
    public int EditionYear { get; init; }
    public long RunId { get; init; }
    public DateTimeOffset PublicationAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string[] Readers { get; init; } = [];
}

/// <summary>An edition that can be released now: its approved run has succeeded.</summary>
public sealed record ReleasableEdition
{
    public int EditionYear { get; init; }
    public long RunId { get; init; }
    public string RunLabel { get; init; } = "";
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? ApprovedBy { get; init; }
}

/// <summary>A release's figures, as one user was allowed to read them.</summary>
public sealed record ReleaseFigures(Release Release, string SpecYaml, IReadOnlyList<StoredEstimate> Estimates);

/// <summary>How a release's figures are read, for the audit log.</summary>
public static class ReleaseAccess
{
    public const string View = "view";
    public const string Csv = "csv";
    public const string Excel = "xlsx";
    public const string Cli = "cli";
}

/// <summary>A release cannot be made as asked; the message says why.</summary>
public sealed class ReleaseException(string message) : Exception(message);

/// <summary>
/// Releases and the embargo. The one access rule, applied in SQL by every read here and nowhere else:
/// <b>a user may see a release's figures iff now ≥ its publication date-time, or the user is on its
/// list of readers</b> (user names compared without case). Nobody is implicitly on the list: not the
/// statistician who made it, not administrators. A read for someone embargoed returns nothing, exactly
/// as for a release that does not exist, so not even the existence of its figures shows. Every read
/// of figures writes an audit record (who, which release, how) in the same transaction. "Now" is the
/// injected <see cref="TimeProvider"/>, never the database's clock, so tests can stand either side of
/// the date.
/// </summary>
public sealed class ReleaseStore(NpgsqlDataSource db, TimeProvider clock)
{
    private const string Visible = """
        (r.publication_at <= @now
         or exists (select 1 from release_reader rr where rr.release_id = r.id and lower(rr.user_name) = lower(@userName)))
        """;

    private const string Columns = """
        r.id, e.year as edition_year, r.run_id, r.publication_at, r.created_by, r.created_at,
        array(select rr.user_name from release_reader rr where rr.release_id = r.id order by rr.user_name) as readers
        """;

    /// <summary>
    /// Releases the edition's approved run (which must have succeeded) with its publication date-time
    /// and readers (existing accounts); audit record in the same transaction.
    /// </summary>
    public async Task<Release> CreateAsync(int editionYear, DateTimeOffset publicationAt, IReadOnlyList<string> readers, string createdBy, CancellationToken ct)
    {
        publicationAt = publicationAt.ToUniversalTime(); // Npgsql writes timestamptz from UTC only
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var edition = await conn.QuerySingleOrDefaultAsync<(long Id, long? ApprovedRunId)?>(new CommandDefinition(
            "select id, approved_run_id from edition where year = @editionYear for update", new { editionYear }, tx, cancellationToken: ct))
            ?? throw new ReleaseException($"there is no edition {editionYear}");
        if (edition.ApprovedRunId is not { } runId)
        {
            throw new ReleaseException($"edition {editionYear} has no approved weighting run: approve one (runs approve) before releasing");
        }

        var status = await conn.QuerySingleAsync<string>(new CommandDefinition(
            "select status from weighting_run where id = @runId", new { runId }, tx, cancellationToken: ct));
        if (status != RunStatus.Succeeded)
        {
            throw new ReleaseException($"weighting run {runId} is {status}: only a succeeded run can be released");
        }

        // Figures once public stay public: a new release of a published run would put them under embargo
        // again (a correction is a new release of a newly approved run). An embargoed release may be
        // followed by another of the same run, e.g. to publish it earlier.
        var published = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select min(id) from release where run_id = @runId and publication_at <= @now",
            new { runId, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        if (published is { } publishedId)
        {
            throw new ReleaseException($"weighting run {runId} is already published (release {publishedId}): its figures are public; a correction is a new release of a newly approved run");
        }

        var names = new List<string>();
        foreach (var reader in readers.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.Add(await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "select user_name from account where lower(user_name) = lower(@reader)", new { reader }, tx, cancellationToken: ct))
                ?? throw new ReleaseException($"reader '{reader}': there is no such account; nothing was released"));
        }

        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into release (edition_id, run_id, publication_at, created_by) values (@Id, @runId, @publicationAt, @createdBy)
            returning id
            """, new { edition.Id, runId, publicationAt, createdBy }, tx, cancellationToken: ct));
        foreach (var name in names)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "insert into release_reader (release_id, user_name) values (@id, @name)", new { id, name }, tx, cancellationToken: ct));
        }

        await conn.ExecuteAsync(new CommandDefinition(
            "insert into audit_event (user_name, action, detail) values (@createdBy, 'release.create', @detail)",
            new { createdBy, detail = $"release {id}: edition {editionYear}, run {runId}, publication {publicationAt:O}, readers {string.Join(", ", names)}" },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (await GetAsync(conn, id, null, ct))!;
    }

    /// <summary>Every release with its readers, newest edition first: for statisticians and administrators (no figures).</summary>
    public async Task<IReadOnlyList<Release>> ListAllAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Release>(new CommandDefinition(
            $"select {Columns} from release r join edition e on e.id = r.edition_id order by e.year desc, r.id desc",
            cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// The editions whose approved run has succeeded, newest first, with that run: what <see cref="CreateAsync"/>
    /// would release now (for the back office's form; the store checks again when releasing).
    /// </summary>
    public async Task<IReadOnlyList<ReleasableEdition>> ReleasableEditionsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ReleasableEdition>(new CommandDefinition(
            """
            select e.year as edition_year, w.id as run_id, w.label as run_label, e.approved_at, e.approved_by
            from edition e join weighting_run w on w.id = e.approved_run_id
            where w.status = @succeeded
            order by e.year desc
            """, new { succeeded = RunStatus.Succeeded }, cancellationToken: ct))).ToList();
    }

    /// <summary>The releases <paramref name="userName"/> may see now, newest edition first (the access rule).</summary>
    public async Task<IReadOnlyList<Release>> VisibleAsync(string userName, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Release>(new CommandDefinition(
            $"select {Columns} from release r join edition e on e.id = r.edition_id where {Visible} order by e.year desc, r.id desc",
            new { userName, now }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// A release's figures for <paramref name="userName"/>, with the audit record of the read
    /// (<paramref name="access"/>: <see cref="ReleaseAccess"/>) in the same transaction; null, and no
    /// record, when the release does not exist or the user may not see it yet.
    /// </summary>
    public async Task<ReleaseFigures?> FiguresAsync(long releaseId, string userName, string access, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var release = await GetAsync(conn, releaseId, userName, ct, tx);
        if (release is null)
        {
            return null;
        }

        var specYaml = await conn.QuerySingleAsync<string>(new CommandDefinition(
            "select spec_yaml from weighting_run where id = @RunId", new { release.RunId }, tx, cancellationToken: ct));
        var estimates = (await conn.QueryAsync<StoredEstimate>(new CommandDefinition(
            """
            select indicator, label, domain_variable, domain, estimate, se, ci_lower, ci_upper, cv, n, flag, weighted_base, df, deff
            from weighting_run_estimate where run_id = @RunId order by row_number
            """, new { release.RunId }, tx, cancellationToken: ct))).ToList();
        var action = access == ReleaseAccess.View ? "release.view" : "release.download";
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into audit_event (user_name, action, detail) values (@userName, @action, @detail)",
            new { userName, action, detail = $"release {release.Id} (edition {release.EditionYear}, run {release.RunId}): {access}" },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new ReleaseFigures(release, specYaml, estimates);
    }

    /// <summary>
    /// The latest release of the edition before <paramref name="editionYear"/> that <paramref name="userName"/>
    /// may see now (for the change since the previous edition); null when there is none.
    /// </summary>
    public async Task<long?> PreviousVisibleAsync(int editionYear, string userName, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            $"""
            select r.id from release r join edition e on e.id = r.edition_id
            where e.year = (select max(e2.year) from edition e2 join release r2 on r2.edition_id = e2.id where e2.year < @editionYear)
              and e.year < @editionYear and {Visible}
            order by r.publication_at desc, r.id desc limit 1
            """, new { editionYear, userName, now }, cancellationToken: ct));
    }

    /// <summary>A release (visible to <paramref name="userName"/> now, or any when null).</summary>
    private async Task<Release?> GetAsync(NpgsqlConnection conn, long id, string? userName, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        var now = clock.GetUtcNow();
        var filter = userName is null ? "" : $"and {Visible}";
        return await conn.QuerySingleOrDefaultAsync<Release>(new CommandDefinition(
            $"select {Columns} from release r join edition e on e.id = r.edition_id where r.id = @id {filter}",
            new { id, userName, now }, tx, cancellationToken: ct));
    }
}
