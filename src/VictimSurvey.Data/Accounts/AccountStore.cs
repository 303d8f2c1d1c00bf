using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Data.Accounts;

/// <summary>
/// Accounts in PostgreSQL: creation, listing, and the password check with lockout. Passwords are
/// hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, 100,000 iterations in v3 format).
/// </summary>
public sealed class AccountStore(NpgsqlDataSource db, TimeProvider clock)
{
    // The hasher does not look at the user object; one marker type keeps the generic happy.
    private static readonly PasswordHasher<AccountStore> Hasher = new();

    // Verified against when the user name is unknown, so that a wrong user name takes as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-" + Guid.NewGuid());

    public LockoutPolicy Lockout { get; init; } = LockoutPolicy.Default;

    /// <summary>Longer passwords are refused outright: hashing megabytes on every attempt would be a cheap denial of service.</summary>
    public const int MaxPasswordLength = 1024;

    private const string AccountColumns =
        "id, user_name, display_name, roles, is_active, failed_attempts, locked_until, created_at, last_sign_in_at";

    /// <summary>Creates an account; fails with <see cref="AccountException"/> when the rules are broken or the name is taken.</summary>
    public async Task<Account> CreateAsync(NewAccount account, string byUser, CancellationToken ct)
    {
        var problems = AccountRules.Validate(account.UserName, account.Password, account.Roles.ToList());
        if (problems.Count > 0)
        {
            throw new AccountException(string.Join("; ", problems));
        }

        const string sql = $"""
            insert into account (user_name, display_name, password_hash, roles)
            values (@UserName, @DisplayName, @PasswordHash, @Roles)
            on conflict do nothing
            returning {AccountColumns}
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(sql, new
        {
            account.UserName,
            DisplayName = string.IsNullOrWhiteSpace(account.DisplayName) ? account.UserName : account.DisplayName,
            PasswordHash = Hasher.HashPassword(this, account.Password),
            Roles = account.Roles.Distinct(StringComparer.Ordinal).ToArray(),
        }, tx, cancellationToken: ct)) ?? throw new AccountException($"an account named '{account.UserName}' already exists");
        await AuditAsync(conn, tx, byUser, "account-created", $"{row.UserName} ({string.Join(", ", row.Roles)})", ct);
        await tx.CommitAsync(ct);
        return row.ToAccount();
    }

    public async Task<Account?> FindAsync(string userName, CancellationToken ct)
    {
        const string sql = $"select {AccountColumns} from account where lower(user_name) = lower(@userName)";
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(sql, new { userName }, cancellationToken: ct));
        return row?.ToAccount();
    }

    public async Task<Account?> FindByIdAsync(long id, CancellationToken ct)
    {
        const string sql = $"select {AccountColumns} from account where id = @id";
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
        return row?.ToAccount();
    }

    /// <summary>Whether an account may still use a session: it exists, is active and is not locked.</summary>
    public bool MayUseSession(Account? account) =>
        account is { IsActive: true } && !Lockout.IsLocked(account.LockedUntil, clock.GetUtcNow());

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct)
    {
        const string sql = $"select {AccountColumns} from account order by lower(user_name)";
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<AccountRow>(new CommandDefinition(sql, cancellationToken: ct));
        return rows.Select(r => r.ToAccount()).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from account)", cancellationToken: ct));
    }

    /// <summary>
    /// Checks a password. A wrong one counts towards the lockout; the count and the lock are updated
    /// in the same transaction that read them (row lock), so parallel attempts cannot slip past the limit.
    /// A locked account fails even with the right password.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string userName, string password, CancellationToken ct)
    {
        if (userName.Length > AccountRules.MaxUserNameLength || password.Length > MaxPasswordLength)
        {
            // No account has such a name; do not let anonymous visitors write large texts into the audit log.
            return SignInResult.Failed;
        }

        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        const string select = $"select {AccountColumns}, password_hash from account where lower(user_name) = lower(@userName) for update";
        var row = await conn.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(select, new { userName }, tx, cancellationToken: ct));
        if (row is null || !row.IsActive)
        {
            Hasher.VerifyHashedPassword(this, DummyHash, password);
            await AuditAsync(conn, tx, userName, "sign-in-failed", row is null ? "unknown user" : "inactive account", ct);
            await tx.CommitAsync(ct);
            return SignInResult.Failed;
        }

        if (Lockout.IsLocked(row.LockedUntil, now))
        {
            await AuditAsync(conn, tx, row.UserName, "sign-in-refused", "account locked", ct);
            await tx.CommitAsync(ct);
            return new SignInResult(SignInOutcome.LockedOut, null, row.LockedUntil);
        }

        var verdict = Hasher.VerifyHashedPassword(this, row.PasswordHash!, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var (failures, lockedUntil) = Lockout.AfterFailure(row.FailedAttempts, now);
            await conn.ExecuteAsync(new CommandDefinition(
                "update account set failed_attempts = @failures, locked_until = @lockedUntil where id = @Id",
                new { failures, lockedUntil, row.Id }, tx, cancellationToken: ct));
            await AuditAsync(conn, tx, row.UserName, lockedUntil is null ? "sign-in-failed" : "account-locked", "wrong password", ct);
            await tx.CommitAsync(ct);
            return lockedUntil is null ? SignInResult.Failed : new SignInResult(SignInOutcome.LockedOut, null, lockedUntil);
        }

        var newHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(this, password) : row.PasswordHash;
        await conn.ExecuteAsync(new CommandDefinition(
            """
            update account
            set failed_attempts = 0, locked_until = null, last_sign_in_at = @now, password_hash = @newHash
            where id = @Id
            """,
            new { now, newHash, row.Id }, tx, cancellationToken: ct));
        await AuditAsync(conn, tx, row.UserName, "signed-in", "", ct);
        await tx.CommitAsync(ct);
        return new SignInResult(SignInOutcome.Succeeded, (row with { FailedAttempts = 0, LockedUntil = null, LastSignInAt = now }).ToAccount(), null);
    }

    /// <summary>Lifts a lock and resets the failure count (administration page).</summary>
    public async Task UnlockAsync(string userName, string byUser, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            "update account set failed_attempts = 0, locked_until = null where lower(user_name) = lower(@userName)",
            new { userName }, tx, cancellationToken: ct));
        if (changed == 0)
        {
            throw new AccountException($"no account named '{userName}'");
        }

        await AuditAsync(conn, tx, byUser, "account-unlocked", userName, ct);
        await tx.CommitAsync(ct);
    }

    private static Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string userName, string action, string detail, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into audit_event (user_name, action, detail) values (@userName, @action, @detail)",
            new { userName, action, detail }, tx, cancellationToken: ct));

    /// <summary>Read with settable properties, so that Dapper's type handlers (timestamptz, text[]) apply.</summary>
    private sealed record AccountRow
    {
        public long Id { get; init; }
        public string UserName { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public bool IsActive { get; init; }
        public int FailedAttempts { get; init; }
        public DateTimeOffset? LockedUntil { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? LastSignInAt { get; init; }
        public string? PasswordHash { get; init; }

        public Account ToAccount() =>
            new(Id, UserName, DisplayName, Roles, IsActive, FailedAttempts, LockedUntil, CreatedAt, LastSignInAt);
    }
}

public sealed class AccountException(string message) : Exception(message);
