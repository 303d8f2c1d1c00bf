namespace VictimSurvey.Core.Accounts;

/// <summary>Rules for new accounts, checked by the CLI and the administration page alike.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 12;
    public const int MaxUserNameLength = 64;

    /// <summary>Returns the problems with a proposed account; empty when it may be created.</summary>
    public static IReadOnlyList<string> Validate(string userName, string password, IReadOnlyCollection<string> roles)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > MaxUserNameLength || !userName.All(IsUserNameChar))
        {
            problems.Add("user name must be 1 to 64 characters among letters, digits, '.', '-', '_' and '@'");
        }

        if (password.Length < MinPasswordLength)
        {
            problems.Add($"password must have at least {MinPasswordLength} characters");
        }

        if (roles.Count == 0)
        {
            problems.Add("at least one role is required (" + string.Join(", ", Roles.All) + ")");
        }

        problems.AddRange(roles.Where(r => !Roles.IsKnown(r)).Select(r => $"unknown role '{r}' (known: {string.Join(", ", Roles.All)})"));
        return problems;
    }

    private static bool IsUserNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@';
}
