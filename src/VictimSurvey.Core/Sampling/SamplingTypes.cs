namespace VictimSurvey.Core.Sampling;

/// <summary>A stratum of the frame (a department) and its population N_h.</summary>
public sealed record StratumPopulation(string Code, long Population);

/// <summary>How the sample size is shared between strata.</summary>
public enum AllocationMethod
{
    /// <summary>n_h ∝ N_h (with an optional floor: strata below the minimum are raised to it).</summary>
    Proportional,

    /// <summary>n_h = m + (n − H·m)·N_h / N: a minimum per stratum, the remainder proportional (the VRS rule).</summary>
    MinimumPlusProportional,

    /// <summary>n_h ∝ N_h^a, 0 ≤ a ≤ 1 (Bankier 1988): a = 1 is proportional, a = 0 equal; with an optional floor.</summary>
    Power,
}

/// <summary>What to allocate: total size n, minimum per stratum m (0 for none), and the exponent a of the power allocation.</summary>
public sealed record AllocationRequest(AllocationMethod Method, int SampleSize, int Minimum = 0, double Power = 0.5)
{
    /// <summary>The name used on the command line and stored with the draw.</summary>
    public string MethodName => Method switch
    {
        AllocationMethod.Proportional => "proportional",
        AllocationMethod.MinimumPlusProportional => "min-proportional",
        AllocationMethod.Power => "power",
        _ => throw new ArgumentOutOfRangeException(nameof(Method)),
    };

    public static AllocationMethod ParseMethod(string name) => name switch
    {
        "proportional" => AllocationMethod.Proportional,
        "min-proportional" => AllocationMethod.MinimumPlusProportional,
        "power" => AllocationMethod.Power,
        _ => throw new SamplingException($"unknown allocation method '{name}' (expected proportional, min-proportional or power)"),
    };
}

/// <summary>One stratum's share: planned size n_h and inclusion probability π_h = n_h / N_h.</summary>
public sealed record StratumAllocation(string Code, long Population, int Size)
{
    public double InclusionProbability => (double)Size / Population;

    /// <summary>1/π_h; Σ over the stratum's n_h sampled persons gives back N_h.</summary>
    public double DesignWeight => (double)Population / Size;
}

/// <summary>Sampling input that cannot be honoured; the message says which value and why.</summary>
public sealed class SamplingException(string message) : Exception(message);
