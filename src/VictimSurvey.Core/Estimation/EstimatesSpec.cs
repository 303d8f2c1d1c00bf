namespace VictimSurvey.Core.Estimation;

public enum VarianceMethod
{
    Linearization,
    Bootstrap,
}

/// <summary>One indicator of the spec: exactly one of Proportion, Mean, Total or Ratio names its column(s).</summary>
public sealed record IndicatorSpec(string Name, string? Label, string? Proportion, string? Mean, string? Total, string? RatioNumerator, string? RatioDenominator)
{
    /// <summary>Indicators of one family share a sheet in the Excel tables (default: the indicator alone).</summary>
    public string? Family { get; init; }
}

/// <summary>The <c>estimates:</c> section of a weighting spec (docs/methodology/weighting-spec.md).</summary>
public sealed record EstimatesSpec(
    double Confidence,
    IntervalMethod Interval,
    VarianceMethod Variance,
    int Replicates,
    int Seed,
    IReadOnlyList<string> Domains,
    IReadOnlyList<IndicatorSpec> Indicators,
    PublicationRule Publication)
{
    /// <summary>
    /// Linearization only: add nonresponse as a second phase (Poisson within the response groups) to the
    /// sampling of the whole sample. False takes the respondents as the sample, as R's survey package does
    /// for a design built on the nonresponse-adjusted weights.
    /// </summary>
    public bool NonresponsePhase { get; init; }
}
