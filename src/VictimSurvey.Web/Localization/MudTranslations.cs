using Microsoft.Extensions.Localization;
using MudBlazor;

namespace VictimSurvey.Web.Localization;

/// <summary>
/// MudBlazor's own texts (pager buttons, sort and filter menus, "Loading…") in the interface's language:
/// the keys are MudBlazor's, prefixed with "Mud." in our resources; a key we do not translate falls back
/// to MudBlazor's English.
/// </summary>
public sealed class MudTranslations(IStringLocalizer<SharedResource> resources) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = resources["Mud." + key];
            return text.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, text.Value);
        }
    }
}
