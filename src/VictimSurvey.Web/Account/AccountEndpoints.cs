using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace VictimSurvey.Web.Account;

/// <summary>Sign-out and the language switch: plain HTTP endpoints, since both change a cookie.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with an anti-forgery token ([FromForm] makes ASP.NET Core validate it), never a GET:
        // a link on another site must not be able to sign a user out.
        app.MapPost("/account/logout", async (HttpContext http, [FromForm] string? returnUrl) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        });

        app.MapGet("/culture", (HttpContext http, string culture, string? redirectUri) =>
        {
            if (!WebHostingExtensions.SupportedCultures.Any(c => c.Name == culture))
            {
                return Results.BadRequest($"Unsupported culture '{culture}'.");
            }

            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(WebHostingExtensions.FormattingCultureOf(culture), culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(LocalUrl.OrHome(redirectUri));
        }).AllowAnonymous();
    }
}

public static class LocalUrl
{
    /// <summary>Only same-site paths ("/x", not "//evil" or "http://evil"), so redirects cannot leave the back office.</summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";
}
