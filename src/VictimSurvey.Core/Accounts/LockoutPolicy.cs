namespace VictimSurvey.Core.Accounts;

/// <summary>
/// Locks an account after repeated wrong passwords, to slow down guessing.
/// After <see cref="MaxFailedAttempts"/> consecutive failures the account is locked for
/// <see cref="LockoutDuration"/>; a successful sign-in resets the count. The same numbers as
/// ASP.NET Core Identity's defaults (5 attempts, 5 minutes) but a longer lock, since the back office
/// holds personal data.
/// </summary>
public sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan LockoutDuration)
{
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));

    public bool IsLocked(DateTimeOffset? lockedUntil, DateTimeOffset now) => lockedUntil is { } until && until > now;

    /// <summary>What a wrong password does to the account: the new failure count and, when it reaches the limit, the lock end.</summary>
    public (int FailedAttempts, DateTimeOffset? LockedUntil) AfterFailure(int failedAttemptsBefore, DateTimeOffset now)
    {
        var failures = failedAttemptsBefore + 1;
        return failures >= MaxFailedAttempts ? (0, now + LockoutDuration) : (failures, null);
    }
}
