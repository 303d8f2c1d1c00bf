using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Estimation;

/// <summary>
/// The estimates of a weighted file, split where the work can be shared: the point estimates and their
/// linearization standard errors (computed by <see cref="EstimatesPipeline.Prepare"/>), the bootstrap
/// replicates in chunks [first, first + count) that any process can compute, and the published rows.
/// <see cref="EstimatesPipeline.Run"/> is the three in a row; a weighting run spreads the middle one over
/// job servers, and gets the same numbers to the last bit, since replicate b depends only on (seed, b) and
/// <see cref="Publish"/> reads the replicates in replicate order whatever chunk computed them.
/// </summary>
public sealed class PreparedEstimates
{
    private readonly WeightingSpec spec;
    private readonly EstimatesSpec estimates;
    private readonly WeightingData data;
    private readonly WeightingOutcome weighting;
    private readonly LinearizationDesign design;
    private readonly IReadOnlyList<IndicatorDefinition> indicators;
    private readonly IReadOnlyList<DomainPartition> partitions;

    // Built on the first chunk of replicates and kept: a run's chunks on one server then share it.
    private readonly Lazy<ReplicateWeights.Input> replicateInput;

    internal PreparedEstimates(WeightingSpec spec, EstimatesSpec estimates, WeightingData data, WeightingOutcome weighting, LinearizationDesign design,
        IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<DomainPartition> partitions, IReadOnlyList<DomainEstimate> linearized)
    {
        (this.spec, this.estimates, this.data, this.weighting, this.design, this.indicators, this.partitions) =
            (spec, estimates, data, weighting, design, indicators, partitions);
        Linearized = linearized;
        replicateInput = new Lazy<ReplicateWeights.Input>(() => ReplicateWeights.Prepare(spec, data, weighting));
    }

    /// <summary>Every indicator in every domain (national first), with linearization standard errors.</summary>
    public IReadOnlyList<DomainEstimate> Linearized { get; }

    /// <summary>The bootstrap replicates the spec asks for; 0 with linearization.</summary>
    public int ReplicateCount => estimates.Variance == VarianceMethod.Bootstrap ? estimates.Replicates : 0;

    /// <summary>
    /// The point estimates of replicates [first, first + count), one array per replicate in the order of
    /// <see cref="Linearized"/> (NaN where a replicate leaves a domain empty).
    /// </summary>
    /// <param name="onWeights">
    /// Optional: receives each replicate's index (from 0 within the chunk) and final weights, in the order of
    /// the weighting's respondents, to be stored. Called on several threads at once; the array is reused.
    /// </param>
    public double[][] ReplicateEstimates(int first, int count, Action<int, double[]>? onWeights = null)
    {
        if (first < 0 || count < 0 || first + count > ReplicateCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"replicates [{first}, {first + count}) are outside the spec's {ReplicateCount}");
        }

        var estimator = new PointEstimator(indicators, BatchEstimation.Layout(indicators, partitions));
        return ReplicateWeights.Map(replicateInput.Value, estimates.Seed, first, count, (r, weights) =>
        {
            onWeights?.Invoke(r, weights);
            return estimator.Estimate(weights);
        });
    }

    /// <summary>
    /// The published rows: estimate, standard error (linearization, or the bootstrap's
    /// √(Σ_b (θ_b − θ̄)² / (B − 1)) over the replicates where the estimate exists), interval, CV, flag.
    /// </summary>
    /// <param name="replicates">All <see cref="ReplicateCount"/> replicates in replicate order; null with linearization.</param>
    public IReadOnlyList<EstimateRow> Publish(IReadOnlyList<double[]>? replicates)
    {
        var results = Linearized;
        if (ReplicateCount > 0)
        {
            if (replicates is null || replicates.Count != ReplicateCount)
            {
                throw new ArgumentException($"the bootstrap needs all {ReplicateCount} replicates, got {replicates?.Count ?? 0}", nameof(replicates));
            }

            var se = BootstrapStandardErrors(replicates);
            results = results.Select((r, k) => r with { Estimate = r.Estimate.WithStandardError(se[k]) }).ToList();
        }

        var labels = estimates.Indicators.ToDictionary(i => i.Name, i => i.Label, StringComparer.Ordinal);
        var masks = partitions.ToDictionary(p => p.Variable, p => p.LabelOfUnit, StringComparer.Ordinal);
        var shares = estimates.Indicators.Where(i => i.Proportion is not null || i.RatioNumerator is not null).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var degreesOfFreedom = new Dictionary<(string, string), int>();
        return results.Select(r =>
        {
            if (!degreesOfFreedom.TryGetValue((r.DomainVariable, r.Domain), out var df))
            {
                df = r.DomainVariable == DomainPartition.National
                    ? design.DegreesOfFreedom
                    : design.DomainDegreesOfFreedom(masks[r.DomainVariable].Select(l => l == r.Domain).ToArray());
                degreesOfFreedom[(r.DomainVariable, r.Domain)] = df;
            }

            var interval = EstimatesPipeline.Interval(estimates, shares.Contains(r.Indicator), r.Estimate, Math.Max(df, 1));
            return new EstimateRow(r.Indicator, labels[r.Indicator], r.DomainVariable, r.Domain, r.Estimate, interval, df, estimates.Publication.Judge(r.Estimate));
        }).ToList();
    }

    private static double[] BootstrapStandardErrors(IReadOnlyList<double[]> replicates)
    {
        var columns = replicates[0].Length;
        var se = new double[columns];
        for (var k = 0; k < columns; k++)
        {
            var values = replicates.Select(r => r[k]).Where(double.IsFinite).ToArray();
            se[k] = values.Length >= 2 ? Math.Sqrt(RescalingBootstrap.Variance(values)) : double.NaN;
        }

        return se;
    }
}
