namespace VictimSurvey.Web;

/// <summary>Marker for the interface texts in Resources/SharedResource.resx (English) and SharedResource.fr.resx (French).</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>; it is never instantiated
public sealed class SharedResource;
#pragma warning restore CA1052
