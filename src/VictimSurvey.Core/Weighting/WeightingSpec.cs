namespace VictimSurvey.Core.Weighting;

/// <summary>
/// What a weighting does, as read from a weighting spec (YAML, documented in docs/methodology/weighting-spec.md).
/// Field names mirror the YAML keys, which are a public contract.
/// </summary>
public sealed record WeightingSpec(string Name, InputColumns Input, NonresponseSpec? Nonresponse, CalibrationSpec? Calibration, TrimmingSpec? Trimming)
{
    /// <summary>The optional <c>estimates:</c> section.</summary>
    public Estimation.EstimatesSpec? Estimates { get; init; }
}

/// <summary>
/// Which data columns hold what. Optional columns are null when absent from the spec. The design
/// weight is given (<see cref="DesignWeight"/>) or computed as 1/π (<see cref="InclusionProbability"/>);
/// a second phase multiplies it by 1/π₂ (<see cref="SecondPhaseProbability"/>).
/// </summary>
public sealed record InputColumns(
    string Id,
    string? DesignWeight,
    string? Strata = null,
    string? StratumPopulation = null,
    string? Response = null,
    string? Eligible = null,
    string? InclusionProbability = null,
    string? SecondPhaseProbability = null);

public enum NonresponseMethod
{
    /// <summary>Response-homogeneity groups crossed from frame variables.</summary>
    Rhg,

    /// <summary>Classes of propensity from a logistic response model.</summary>
    Logistic,
}

/// <param name="Groups">RHG: the crossing variables; logistic: the categorical covariates.</param>
/// <param name="Numeric">Logistic only: covariates taken as numbers.</param>
/// <param name="Classes">Logistic only: number of propensity classes (quantile groups).</param>
public sealed record NonresponseSpec(NonresponseMethod Method, IReadOnlyList<string> Groups, IReadOnlyList<string> Numeric, int MinRespondents = 30, int Classes = 5);

/// <param name="Margins">The margin rows, already read (totals, or shares times the population total).</param>
/// <param name="MarginsSource">How to name the margins file in messages.</param>
public sealed record CalibrationSpec(CalibrationMethod Method, GBounds? Bounds, IReadOnlyList<MarginRow> Margins, string MarginsSource, double Tolerance = 1e-9, int MaxIterations = 100);

public sealed record TrimmingSpec(TrimmingBounds Bounds, int MaxRounds = 50);
