using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Web.Tests.Localization;

/// <summary>The codes the pages name in words (event types, audit actions) have a name in both languages.</summary>
public class CodeNamesTests
{
    private static readonly string[] AuditActions =
    [
        "signed-in", "sign-in-failed", "sign-in-refused", "account-created", "account-locked", "account-unlocked",
        "edition-created", "edition-changed", "event-batch-loaded", "response-file-loaded", "fieldwork-rates-exported",
        "weighting.launch", "weighting.approve", "release.create", "release.view", "release.download",
    ];

    private static IStringLocalizer<SharedResource> Localizer()
    {
        var services = new ServiceCollection().AddLogging().AddLocalization(options => options.ResourcesPath = "Resources").BuildServiceProvider();
        return services.GetRequiredService<IStringLocalizer<SharedResource>>();
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void Every_event_type_and_audit_action_has_a_name(string language)
    {
        var localizer = Localizer();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        try
        {
            var keys = CaseEventTypes.All.Select(t => "Fieldwork.Event." + t).Concat(AuditActions.Select(a => "Audit.Action." + a));
            Assert.All(keys, key =>
            {
                var text = localizer[key];
                Assert.False(text.ResourceNotFound, key);
                Assert.NotEqual(key, text.Value);
            });
            // The two languages differ (a French name, not the English one copied).
            Assert.Equal(language == "fr" ? "Refus" : "Refusal", localizer["Fieldwork.Event.refusal"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
