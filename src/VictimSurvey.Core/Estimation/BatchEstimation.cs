using System.Runtime.CompilerServices;
using VictimSurvey.Core.Variance;

namespace VictimSurvey.Core.Estimation;

public enum EstimateKind
{
    /// <summary>Σ w y.</summary>
    Total,

    /// <summary>Σ w y / Σ w: a mean, or a proportion of a 0/1 variable.</summary>
    Mean,

    /// <summary>Σ w y / Σ w x: e.g. the reporting rate, complaints over victims.</summary>
    Ratio,
}

/// <summary>An indicator: what to estimate from which per-unit values (denominator only for ratios).</summary>
public sealed record IndicatorDefinition(string Name, EstimateKind Kind, double[] Numerator, double[]? Denominator = null);

/// <summary>A way of splitting the sample into domains: one label per unit (e.g. its department).</summary>
public sealed record DomainPartition(string Variable, IReadOnlyList<string> LabelOfUnit)
{
    public const string National = "national";

    /// <summary>The whole sample as one domain, labelled "national".</summary>
    public static DomainPartition Whole(int units) => new(National, Enumerable.Repeat(National, units).ToArray());
}

public sealed record DomainEstimate(string Indicator, string DomainVariable, string Domain, Estimate Estimate);

/// <summary>The columns of a batch: per partition, each unit's domain index, and where the partition's columns start.</summary>
public sealed record DomainLayout(int[][] DomainOfUnit, int[] Offset, int Columns);

/// <summary>
/// Every indicator in every domain of every partition in one pass: the same estimates and linearization
/// variances as <see cref="Estimators"/> one by one, at a small fraction of the cost.
/// </summary>
/// <remarks>
/// The linearized variables form a sparse matrix Z (a unit is non-zero only in the columns of its own
/// domains). With calibration, the residual fit B = (Σ d x x')⁻¹ X'DZ is one Cholesky solve with many
/// right-hand sides, and the fitted values x_i'B_k depend on unit i only through its calibration vector x_i;
/// so the stratum sums the variance needs, Σ_{i∈h} w_i e_ik and Σ_{i∈h} (w_i e_ik)², are assembled from
/// sparse sums over units and dense sums over the distinct (stratum, x) cells — a few thousand cells
/// rather than the n × K residual matrix.
/// </remarks>
public static class BatchEstimation
{
    public static IReadOnlyList<DomainEstimate> Estimate(LinearizationDesign design, IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<DomainPartition> partitions)
    {
        var n = design.UnitCount;
        var w = design.Weights;
        var j = indicators.Count;

        var (domainOfUnit, domainLabels, offset, columns) = Columns(indicators, partitions);

        var sparse = new SparseIndicators(indicators, n);
        var (value, scale, bottom, weighted, count, top, squares) = PointSums(w, indicators, sparse, domainOfUnit, offset, columns);

        var linearized = new LinearizedColumns(indicators, sparse, domainOfUnit, offset, value, scale);
        var variance = design.Nonresponse is { } phase
            ? TwoPhaseColumns.Variances(design, phase, linearized, linearized)
            : StratumSums.Variances(design, linearized);

        var results = new List<DomainEstimate>(columns);
        for (var p = 0; p < partitions.Count; p++)
        {
            for (var d = 0; d < domainLabels[p].Length; d++)
            {
                for (var m = 0; m < j; m++)
                {
                    var k = offset[p] + d * j + m;
                    var ratio = indicators[m].Kind == EstimateKind.Ratio;
                    var deff = ratio ? double.NaN : DesignEffects.FromMoments(variance[k], squares[k], top[k], count[k], weighted[k], indicators[m].Kind == EstimateKind.Total);
                    results.Add(new DomainEstimate(indicators[m].Name, partitions[p].Variable, domainLabels[p][d],
                        new Estimate(value[k], Math.Sqrt(variance[k]), count[k], ratio ? bottom[k] : weighted[k]) { DesignEffect = deff }));
                }
            }
        }

        return results;
    }

    /// <summary>Only the point estimates, in the same order as <see cref="Estimate"/> returns them (for bootstrap replicates).</summary>
    public static double[] PointEstimates(double[] weights, IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<DomainPartition> partitions) =>
        PointEstimates(weights, indicators, Layout(indicators, partitions));

    /// <summary>Which column is which (partition, domain, indicator): computed once, reused for every replicate.</summary>
    public static DomainLayout Layout(IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<DomainPartition> partitions)
    {
        var (domainOfUnit, _, offset, columns) = Columns(indicators, partitions);
        return new DomainLayout(domainOfUnit, offset, columns);
    }

    /// <inheritdoc cref="PointEstimates(double[], IReadOnlyList{IndicatorDefinition}, IReadOnlyList{DomainPartition})"/>
    /// <remarks>For many weight vectors, build one <see cref="PointEstimator"/> and reuse it.</remarks>
    public static double[] PointEstimates(double[] weights, IReadOnlyList<IndicatorDefinition> indicators, DomainLayout layout) =>
        new PointEstimator(indicators, layout).Estimate(weights);

    private static (int[][] DomainOfUnit, string[][] DomainLabels, int[] Offset, int Columns) Columns(IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<DomainPartition> partitions)
    {
        var j = indicators.Count;
        var domainOfUnit = new int[partitions.Count][];
        var domainLabels = new string[partitions.Count][];
        var offset = new int[partitions.Count];
        var columns = 0;
        for (var p = 0; p < partitions.Count; p++)
        {
            // One look-up per unit: labels numbered as first seen, then renumbered in display order (DomainOrder).
            var unitLabels = partitions[p].LabelOfUnit;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var seenOfUnit = new int[unitLabels.Count];
            for (var i = 0; i < seenOfUnit.Length; i++)
            {
                if (!seen.TryGetValue(unitLabels[i], out seenOfUnit[i]))
                {
                    seenOfUnit[i] = seen.Count;
                    seen.Add(unitLabels[i], seen.Count);
                }
            }

            var labels = seen.Keys.Order(DomainOrder.Instance).ToArray();
            var rank = new int[labels.Length];
            for (var k = 0; k < labels.Length; k++)
            {
                rank[seen[labels[k]]] = k;
            }

            domainLabels[p] = labels;
            domainOfUnit[p] = Array.ConvertAll(seenOfUnit, s => rank[s]);
            offset[p] = columns;
            columns += labels.Length * j;
        }

        return (domainOfUnit, domainLabels, offset, columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per process: see StratumSums
    private static (double[] Value, double[] Scale, double[] Bottom, double[] Weighted, int[] Count, double[] Top, double[] Squares) PointSums(
        double[] w, IReadOnlyList<IndicatorDefinition> indicators, SparseIndicators values, int[][] domainOfUnit, int[] offset, int columns)
    {
        var n = w.Length;
        var j = indicators.Count;
        var top = new double[columns];
        var squares = new double[columns]; // Σ w y², for the design effects
        var bottom = new double[columns];
        var weighted = new double[columns];
        var count = new int[columns];
        if (j == 0)
        {
            return ([], [], [], [], [], [], []);
        }

        // One pass over the units and only their non-zero values (SparseIndicators says why the sums are unchanged);
        // Σ w and the unit count are per domain, the same for every mean or total in it.
        var domainWeight = new double[columns / j]; // domain g owns columns [g·j, g·j + j)
        var domainCount = new int[columns / j];
        for (var i = 0; i < n; i++)
        {
            var wi = w[i];
            for (var p = 0; p < domainOfUnit.Length; p++)
            {
                var k0 = offset[p] + domainOfUnit[p][i] * j;
                domainWeight[k0 / j] += wi;
                domainCount[k0 / j]++;
                for (var e = values.NumeratorStart[i]; e < values.NumeratorStart[i + 1]; e++)
                {
                    var y = values.NumeratorValue[e];
                    var k = k0 + values.NumeratorIndicator[e];
                    top[k] += wi * y;
                    squares[k] += wi * y * y;
                }

                for (var e = values.DenominatorStart[i]; e < values.DenominatorStart[i + 1]; e++)
                {
                    var k = k0 + values.DenominatorIndicator[e];
                    bottom[k] += wi * values.DenominatorValue[e];
                    count[k]++;
                }
            }
        }

        for (var k = 0; k < columns; k++)
        {
            weighted[k] = domainWeight[k / j];
            if (indicators[k % j].Kind != EstimateKind.Ratio)
            {
                bottom[k] = weighted[k];
                count[k] = domainCount[k / j];
            }
        }

        var value = new double[columns];
        var scale = new double[columns];
        for (var k = 0; k < columns; k++)
        {
            var kind = indicators[k % j].Kind;
            value[k] = kind == EstimateKind.Total ? top[k] : bottom[k] == 0 ? double.NaN : top[k] / bottom[k];
            scale[k] = kind == EstimateKind.Total ? 1 : bottom[k] == 0 ? 0 : 1 / bottom[k];
        }

        return (value, scale, bottom, weighted, count, top, squares);
    }
}
