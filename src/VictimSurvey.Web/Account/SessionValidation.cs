using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using VictimSurvey.Data.Accounts;

namespace VictimSurvey.Web.Account;

/// <summary>
/// Keeps sessions in step with the account table: an account that is deactivated or locked loses its
/// session, and role changes apply, within a minute — for new requests (cookie validation) and for
/// pages already open over a Blazor circuit (revalidating authentication state).
/// </summary>
public static class SessionValidation
{
    private const string ValidatedAtKey = "vs.validated_at";

    public static ClaimsPrincipal Principal(VictimSurvey.Data.Accounts.Account account)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.UserName),
            new("display_name", account.DisplayName),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Cookie event: re-reads the account at most once per <see cref="Interval"/>.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var now = DateTimeOffset.UtcNow;
        if (context.Properties.Items.TryGetValue(ValidatedAtKey, out var stamp)
            && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var validatedAt)
            && now - validatedAt < context.HttpContext.RequestServices.GetRequiredService<SessionValidationOptions>().Interval)
        {
            return;
        }

        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var account = await FindAsync(accounts, context.Principal, context.HttpContext.RequestAborted);
        if (!accounts.MayUseSession(account))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.Properties.Items[ValidatedAtKey] = now.ToString("O", CultureInfo.InvariantCulture);
        context.ReplacePrincipal(Principal(account!));
        context.ShouldRenew = true;
    }

    internal static async Task<VictimSurvey.Data.Accounts.Account?> FindAsync(AccountStore accounts, ClaimsPrincipal? principal, CancellationToken ct) =>
        long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? await accounts.FindByIdAsync(id, ct)
            : null;
}

/// <summary>How often a session is checked against the account table (VICTIMSURVEY_SESSION_CHECK_SECONDS, default 60).</summary>
public sealed record SessionValidationOptions(TimeSpan Interval);

/// <summary>For open pages: every interval, the circuit's user is checked against the account table; roles that changed end the page's authorisation.</summary>
public sealed class RevalidatingAccountStateProvider(ILoggerFactory loggerFactory, AccountStore accounts, SessionValidationOptions options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var account = await SessionValidation.FindAsync(accounts, authenticationState.User, cancellationToken);
        if (!accounts.MayUseSession(account))
        {
            return false;
        }

        var roles = authenticationState.User.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
        return roles.SequenceEqual(account!.Roles.Order(StringComparer.Ordinal));
    }
}
