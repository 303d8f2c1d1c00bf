namespace VictimSurvey.Data.Weighting;

/// <summary>Where a run stands. Only queued → running → one of the three final states.</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled;
}

/// <summary>The step a running run is at, for its progress (replicates also count chunks).</summary>
public static class RunStage
{
    public const string Queued = "queued";
    public const string Snapshot = "snapshot";
    public const string Weighting = "weighting";
    public const string Replicates = "replicates";
    public const string Estimates = "estimates";
    public const string Save = "save";
    public const string Done = "done";
}

/// <summary>One weighting run as the back office lists it (results are read separately).</summary>
public sealed record WeightingRun
{
    public long Id { get; init; }
    public long EditionId { get; init; }
    public int EditionYear { get; init; }
    public string Label { get; init; } = "";
    public string SpecYaml { get; init; } = "";
    public string Status { get; init; } = RunStatus.Queued;
    public string Stage { get; init; } = RunStage.Queued;
    public int Replicates { get; init; }
    public int ChunkSize { get; init; }
    public int Chunks { get; init; }
    /// <summary>Chunks whose replicates are stored (computed live, not a column).</summary>
    public int ChunksDone { get; init; }
    public int? Respondents { get; init; }
    public string? Failure { get; init; }
    public string? Report { get; init; }
    public string? Diagnostics { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>True when this run holds the edition's weights in force.</summary>
    public bool Approved { get; init; }
}

/// <summary>A file a run is launched with (the margins the spec names, the input snapshot).</summary>
public sealed record RunFile(string Name, byte[] Content, bool Gzip);

/// <summary>A chunk of bootstrap replicates as stored: estimates replicate-major, weights unit-major.</summary>
public sealed record RunChunk(int ChunkNumber, int FirstReplicate, int ReplicateCount, byte[] Estimates, byte[]? Weights);

/// <summary>The stored weight of one respondent of a succeeded run.</summary>
public sealed record RunWeight(int UnitNumber, string UnitId, double Weight, double DesignWeight, double NonresponseWeight, double G);

/// <summary>A weighting run cannot be launched, run, approved… as asked; the message says why.</summary>
public sealed class WeightingRunException(string message) : Exception(message);
