namespace VictimSurvey.Core.Editions;

/// <summary>
/// The life of an edition: planned (sample drawn, questionnaires attached) → in_field (fieldwork) →
/// closed (fieldwork over) → weighted (a weighting run approved) → published. The strings are stored
/// in the database: never rename one.
/// </summary>
public static class EditionStatus
{
    public const string Planned = "planned";
    public const string InField = "in_field";
    public const string Closed = "closed";
    public const string Weighted = "weighted";
    public const string Published = "published";

    public static IReadOnlyList<string> InOrder { get; } = [Planned, InField, Closed, Weighted, Published];

    public static bool IsKnown(string status) => InOrder.Contains(status, StringComparer.Ordinal);

    /// <summary>
    /// Status only moves forward (skipping steps is allowed, e.g. an edition loaded after the fact):
    /// going back would leave published figures or an approved weighting without their edition state.
    /// </summary>
    public static bool CanMove(string from, string to) =>
        IsKnown(from) && IsKnown(to) && InOrder.ToList().IndexOf(to) > InOrder.ToList().IndexOf(from);

    /// <summary>The sample may be drawn, imported or replaced only before fieldwork starts.</summary>
    public static bool SampleMayChange(string status) => status == Planned;
}
