namespace VictimSurvey.Data.Accounts;

/// <summary>A back-office account as the application sees it (never carries the password hash).</summary>
public sealed record Account(
    long Id,
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool IsActive,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt);

public sealed record NewAccount(string UserName, string DisplayName, string Password, IReadOnlyList<string> Roles);

public enum SignInOutcome
{
    Succeeded,
    /// <summary>Unknown user, inactive account or wrong password: the caller must not say which.</summary>
    Failed,
    LockedOut,
}

public sealed record SignInResult(SignInOutcome Outcome, Account? Account, DateTimeOffset? LockedUntil)
{
    public static SignInResult Failed { get; } = new(SignInOutcome.Failed, null, null);
}
