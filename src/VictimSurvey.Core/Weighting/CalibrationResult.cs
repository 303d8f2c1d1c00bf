namespace VictimSurvey.Core.Weighting;

/// <summary>What calibration options to use. Tolerance applies to max_j |X̂_j − X_j| / (1 + |X_j|).</summary>
public sealed record CalibrationOptions(CalibrationMethod Method, GBounds? Bounds = null, double Tolerance = 1e-9, int MaxIterations = 100);

/// <summary>
/// Calibrated weights and everything needed to judge them. When <see cref="Converged"/> is false the
/// weights are those of the last iteration and <see cref="Failure"/> says why and what to try.
/// </summary>
public sealed record CalibrationResult
{
    public required bool Converged { get; init; }

    public required int Iterations { get; init; }

    /// <summary>max_j |X̂_j − X_j| / (1 + |X_j|) at the start (index 0) and after each iteration.</summary>
    public required IReadOnlyList<double> MaxMarginErrorByIteration { get; init; }

    public required double[] Weights { get; init; }

    /// <summary>g = w/d for each unit.</summary>
    public required double[] G { get; init; }

    public required IReadOnlyList<MarginCheck> Margins { get; init; }

    public required GDistribution GDistribution { get; init; }

    public required int AtLowerBound { get; init; }

    public required int AtUpperBound { get; init; }

    public required int NegativeWeights { get; init; }

    /// <summary>n·Σw²/(Σw)².</summary>
    public required double KishDesignEffect { get; init; }

    public string? Failure { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    public double MaxMarginError => MaxMarginErrorByIteration[^1];
}
