using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Audit;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Accounts;

[Collection(DatabaseCollection.Name)]
public class AccountStoreTests(DatabaseFixture fixture)
{
    private const string Password = "correct-horse-battery";
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    private AccountStore Store() => new(fixture.DataSource, clock) { Lockout = new LockoutPolicy(3, TimeSpan.FromMinutes(15)) };

    private static string UniqueName() => "user-" + Guid.NewGuid().ToString("N")[..10];

    [DatabaseFact]
    public async Task A_created_account_round_trips()
    {
        var name = UniqueName();
        var created = await Store().CreateAsync(new NewAccount(name, "Jeanne Martin", Password, [Roles.Statistician, Roles.Analyst]), "test", default);

        var found = await Store().FindAsync(name.ToUpperInvariant(), default);

        Assert.NotNull(found);
        Assert.Equal(created.Id, found.Id);
        Assert.Equal(name, found.UserName);
        Assert.Equal("Jeanne Martin", found.DisplayName);
        Assert.Equal([Roles.Statistician, Roles.Analyst], found.Roles);
        Assert.True(found.IsActive);
        Assert.Equal(0, found.FailedAttempts);
        Assert.Null(found.LockedUntil);
        Assert.Contains(await Store().ListAsync(default), a => a.Id == created.Id);
    }

    [DatabaseFact]
    public async Task The_right_password_signs_in_and_records_the_time()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);

        var result = await Store().SignInAsync(name, Password, default);

        Assert.Equal(SignInOutcome.Succeeded, result.Outcome);
        Assert.Equal(name, result.Account!.UserName);
        Assert.Equal(name, result.Account.DisplayName); // defaults to the user name
        Assert.Equal(clock.GetUtcNow(), (await Store().FindAsync(name, default))!.LastSignInAt);
    }

    [DatabaseFact]
    public async Task A_wrong_password_fails_and_counts()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);

        var result = await Store().SignInAsync(name, "wrong-password-here", default);

        Assert.Equal(SignInOutcome.Failed, result.Outcome);
        Assert.Null(result.Account);
        Assert.Equal(1, (await Store().FindAsync(name, default))!.FailedAttempts);
    }

    [DatabaseFact]
    public async Task An_unknown_user_fails_like_a_wrong_password()
    {
        var result = await Store().SignInAsync(UniqueName(), Password, default);
        Assert.Equal(SignInOutcome.Failed, result.Outcome);
    }

    [DatabaseFact]
    public async Task A_locked_account_fails_even_with_the_right_password()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);
        await Store().SignInAsync(name, "wrong-1-password", default);
        await Store().SignInAsync(name, "wrong-2-password", default);
        var third = await Store().SignInAsync(name, "wrong-3-password", default);

        var withRightPassword = await Store().SignInAsync(name, Password, default);

        Assert.Equal(SignInOutcome.LockedOut, third.Outcome);
        Assert.Equal(SignInOutcome.LockedOut, withRightPassword.Outcome);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), withRightPassword.LockedUntil);
    }

    [DatabaseFact]
    public async Task A_lock_ends_after_its_duration()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);
        for (var i = 0; i < 3; i++)
        {
            await Store().SignInAsync(name, "wrong-password-" + i, default);
        }

        clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(SignInOutcome.Succeeded, (await Store().SignInAsync(name, Password, default)).Outcome);
        var account = await Store().FindAsync(name, default);
        Assert.Null(account!.LockedUntil);
        Assert.Equal(0, account.FailedAttempts);
    }

    [DatabaseFact]
    public async Task A_success_resets_the_failure_count()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);
        await Store().SignInAsync(name, "wrong-password-1", default);
        await Store().SignInAsync(name, "wrong-password-2", default);

        await Store().SignInAsync(name, Password, default);
        var afterAnotherFailure = await Store().SignInAsync(name, "wrong-password-3", default);

        Assert.Equal(SignInOutcome.Failed, afterAnotherFailure.Outcome); // not locked: the count restarted
    }

    [DatabaseFact]
    public async Task Unlocking_lets_the_user_sign_in_again_and_is_audited()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);
        for (var i = 0; i < 3; i++)
        {
            await Store().SignInAsync(name, "wrong-password-" + i, default);
        }

        await Store().UnlockAsync(name, "the-admin", default);

        Assert.Equal(SignInOutcome.Succeeded, (await Store().SignInAsync(name, Password, default)).Outcome);
        var audit = await new AuditStore(fixture.DataSource).ListRecentAsync(1000, default);
        Assert.Contains(audit, e => e is { Action: "account-unlocked", UserName: "the-admin" } && e.Detail == name);
        Assert.Contains(audit, e => e.Action == "account-locked" && e.UserName == name);
    }

    [DatabaseFact]
    public async Task An_inactive_account_cannot_sign_in()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);
        await using (var conn = await fixture.DataSource.OpenConnectionAsync())
        await using (var cmd = new Npgsql.NpgsqlCommand("update account set is_active = false where user_name = @name", conn))
        {
            cmd.Parameters.AddWithValue("name", name);
            await cmd.ExecuteNonQueryAsync();
        }

        Assert.Equal(SignInOutcome.Failed, (await Store().SignInAsync(name, Password, default)).Outcome);
    }

    [DatabaseFact]
    public async Task A_second_account_with_the_same_name_in_another_case_is_refused()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);

        var error = await Assert.ThrowsAsync<AccountException>(() =>
            Store().CreateAsync(new NewAccount(name.ToUpperInvariant(), "", Password, [Roles.Admin]), "test", default));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task An_account_breaking_the_rules_is_refused_and_not_written()
    {
        var name = UniqueName();
        var error = await Assert.ThrowsAsync<AccountException>(() =>
            Store().CreateAsync(new NewAccount(name, "", "short", ["superuser"]), "test", default));

        Assert.Contains("'superuser'", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store().FindAsync(name, default));
    }

    [DatabaseFact]
    public async Task The_password_is_stored_hashed_never_in_clear()
    {
        var name = UniqueName();
        await Store().CreateAsync(new NewAccount(name, "", Password, [Roles.Analyst]), "test", default);
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select password_hash from account where user_name = @name", conn);
        cmd.Parameters.AddWithValue("name", name);
        var hash = (string)(await cmd.ExecuteScalarAsync())!;

        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // ASP.NET Core Identity v3 format (PBKDF2)
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
