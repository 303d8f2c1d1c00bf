namespace VictimSurvey.Jobs.Infrastructure;

/// <summary>
/// Hangfire queues. Every server listens to all of them by default; a machine added for the heavy
/// numerical work can be started on <see cref="Weighting"/> only (<c>victimsurvey worker --queue weighting</c>).
/// Hangfire takes queues in the order given, so the list puts the short interactive work first.
/// </summary>
public static class JobQueues
{
    public const string Default = "default";
    public const string Imports = "imports";
    public const string Weighting = "weighting";

    public static IReadOnlyList<string> All { get; } = [Default, Imports, Weighting];
}
