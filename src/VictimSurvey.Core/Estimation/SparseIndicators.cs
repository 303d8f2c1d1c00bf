using System.Runtime.CompilerServices;

namespace VictimSurvey.Core.Estimation;

/// <summary>
/// The indicators unit by unit, keeping only non-zero values: per unit, (indicator, y) for the numerators
/// and (indicator, x) for the denominators of ratios. Survey indicators are mostly 0/1 flags of rare
/// events (victimisations, complaints), so a unit has a few non-zero values among dozens of indicators.
/// </summary>
/// <remarks>
/// Why the sums built on it are exactly the indicator-by-indicator ones: a zero value adds w·0 = ±0 to a
/// sum, which leaves it unchanged, and every column still sums its non-zero terms in unit order. The sums
/// that do not depend on y (Σ w and the unit count of a domain) are the same for every mean or total in
/// the domain and are kept once per domain. Values must be finite (as <see cref="EstimatesPipeline"/> checks).
/// </remarks>
internal sealed class SparseIndicators
{
    public SparseIndicators(IReadOnlyList<IndicatorDefinition> indicators, int units)
    {
        Kinds = indicators.Select(x => x.Kind).ToArray();
        (NumeratorStart, NumeratorIndicator, NumeratorValue) = Compress(indicators.Select(x => (double[]?)x.Numerator).ToArray(), units);
        (DenominatorStart, DenominatorIndicator, DenominatorValue) = Compress(indicators.Select(x => x.Kind == EstimateKind.Ratio ? x.Denominator : null).ToArray(), units);
    }

    public EstimateKind[] Kinds { get; }

    /// <summary>Unit i's non-zero numerators are entries [NumeratorStart[i], NumeratorStart[i + 1]).</summary>
    public int[] NumeratorStart { get; }

    public int[] NumeratorIndicator { get; }

    public double[] NumeratorValue { get; }

    /// <summary>Likewise for the denominators of ratios (other indicators have none).</summary>
    public int[] DenominatorStart { get; }

    public int[] DenominatorIndicator { get; }

    public double[] DenominatorValue { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per process: see StratumSums
    private static (int[] Start, int[] Indicator, double[] Value) Compress(double[]?[] columns, int units)
    {
        // Column by column (each read straight through), units in order within each indicator's pass.
        var start = new int[units + 1];
        foreach (var column in columns)
        {
            if (column is null)
            {
                continue;
            }

            for (var i = 0; i < units; i++)
            {
                start[i + 1] += column[i] != 0 ? 1 : 0;
            }
        }

        for (var i = 0; i < units; i++)
        {
            start[i + 1] += start[i];
        }

        var next = start[..units];
        var indicator = new int[start[units]];
        var value = new double[start[units]];
        for (var m = 0; m < columns.Length; m++)
        {
            if (columns[m] is not { } column)
            {
                continue;
            }

            for (var i = 0; i < units; i++)
            {
                if (column[i] != 0)
                {
                    var e = next[i]++;
                    indicator[e] = m;
                    value[e] = column[i];
                }
            }
        }

        return (start, indicator, value);
    }
}
