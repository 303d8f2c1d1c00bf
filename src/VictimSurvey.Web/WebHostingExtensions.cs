using System.Globalization;
using Hangfire;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Infrastructure;
using VictimSurvey.Web.Account;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Web.Components;
using VictimSurvey.Web.Editions;
using VictimSurvey.Web.Estimates;
using VictimSurvey.Web.Fieldwork;
using VictimSurvey.Web.Jobs;
using VictimSurvey.Web.Status;

namespace VictimSurvey.Web;

/// <summary>How the back office is composed: services in <see cref="AddVictimSurveyWeb"/>, the pipeline in <see cref="UseVictimSurveyWeb"/>.</summary>
public static class WebHostingExtensions
{
    public const string DatabaseVariable = "VICTIMSURVEY_DB";
    public const string AdminPolicy = "admin";
    /// <summary>The languages of the pages (resources): French, English.</summary>
    public static readonly CultureInfo[] SupportedCultures = [new("fr"), new("en")];

    /// <summary>
    /// How numbers and dates are written: French, and for English British conventions (day/month/year,
    /// 24-hour clock), which a French office's readers of the English pages do not misread; plain "en"
    /// stays accepted for a culture passed in the query string.
    /// </summary>
    public static readonly CultureInfo[] FormattingCultures = [new("fr"), new("en-GB"), new("en")];

    /// <summary>The formatting culture that goes with a page language (see <see cref="FormattingCultures"/>).</summary>
    public static string FormattingCultureOf(string language) => language == "en" ? "en-GB" : language;

    public static string GetVictimSurveyConnectionString(this IConfiguration configuration) =>
        configuration[DatabaseVariable] ?? configuration.GetConnectionString("VictimSurvey")
        ?? throw new InvalidOperationException(
            $"No database configured: set {DatabaseVariable} to a PostgreSQL connection string (./run.sh does this for you).");

    public static void AddVictimSurveyWeb(this WebApplicationBuilder builder, string connectionString)
    {
        // Serve the static files of packages (MudBlazor's CSS and JS) from the build output in every
        // environment, so that `./run.sh` works on a plain build without `dotnet publish`.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddVictimSurveyJobs(connectionString);
        if (builder.Configuration.GetValue("VICTIMSURVEY_JOB_SERVER", true))
        {
            services.AddVictimSurveyJobServer($"web:{Environment.MachineName}"); // Hangfire appends ":<pid>:<guid>"
        }

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, VictimSurvey.Web.Localization.MudTranslations>();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<SystemStatusReader>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/account/access-denied";
                options.Cookie.Name = "victimsurvey.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SessionValidation.ValidateCookieAsync;
            });
        var authorization = services.AddAuthorizationBuilder()
            // Anything not marked otherwise needs a signed-in user; pages narrow this to their roles.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        QuestionnaireEndpoints.AddEditionsPolicy(authorization);
        FieldworkEndpoints.AddFieldworkPolicy(authorization);
        EstimatesEndpoints.AddEstimatesPolicy(authorization);
        services.AddSingleton(DepartmentGrid.Embedded());
        services.AddSingleton<EstimatesExplorer>();
        services.AddSingleton(new QuestionnaireLibrary(QuestionnaireLibrary.DefaultFolder(builder.Configuration[QuestionnaireLibrary.FolderVariable])));
        services.AddSingleton(new SessionValidationOptions(TimeSpan.FromSeconds(builder.Configuration.GetValue("VICTIMSURVEY_SESSION_CHECK_SECONDS", 60))));
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAccountStateProvider>();
        services.AddAntiforgery();
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app, string connectionString)
    {
        var logger = app.Logger;
        var applied = await Migrator.MigrateAsync(connectionString, null, app.Lifetime.ApplicationStopping);
        if (applied.Count > 0)
        {
            logger.LogInformation("Applied migrations: {Migrations}", string.Join(", ", applied));
        }
    }

    public static void UseVictimSurveyWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // Unknown addresses get the back office's own "page not found", not an empty 404.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("fr"),
            SupportedCultures = FormattingCultures,
            SupportedUICultures = SupportedCultures,
            // Only the user's explicit choice (cookie) or the query string: French users first, whatever the browser says.
            RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
        });

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapQuestionnaireEndpoints();
        app.MapFieldworkEndpoints();
        app.MapEstimatesEndpoints();
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorizationFilter()],
            DashboardTitle = "VictimSurvey — jobs",
            AppPath = "/",
        }).RequireAuthorization(AdminPolicy);
        ContactProtocolSchedule.Register(app.Services.GetRequiredService<IRecurringJobManager>());
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
