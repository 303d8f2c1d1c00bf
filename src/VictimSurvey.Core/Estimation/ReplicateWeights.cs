using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Estimation;

/// <summary>
/// Bootstrap replicate weights of a weighted file: replicates [first, first + count) of the rescaling
/// bootstrap (<see cref="RescalingBootstrap"/>), each re-adjusted for nonresponse and recalibrated with
/// the same spec. A range is a chunk: any server can compute any range and the results agree, since
/// replicate b depends only on (seed, b).
/// </summary>
public static class ReplicateWeights
{
    /// <returns>Per replicate, the final weight of each respondent of <paramref name="full"/> (same order; 0 when not drawn).</returns>
    public static double[][] Compute(WeightingSpec spec, WeightingData data, WeightingOutcome full, int seed, int first, int count)
    {
        var strata = data.RequiredColumn(spec.Input.Strata ?? throw new EstimationException("Replicate weights need input.strata (replicates are drawn within strata)."), "input.strata");
        var respondentOf = full.Weights.Select((w, u) => (w.Id, u)).ToDictionary(x => x.Id, x => x.u, StringComparer.Ordinal);
        var factors = RescalingBootstrap.Factors(strata, seed, first, count);
        var prepared = WeightingPipeline.Prepare(spec, data);
        var result = new double[count][];
        try
        {
            Parallel.For(0, count, r =>
            {
                var outcome = prepared.Weigh(factors[r]);
                if (!outcome.Succeeded)
                {
                    throw new EstimationException($"Bootstrap replicate {first + r + 1}: the weighting did not converge ({outcome.Calibration?.Failure}).");
                }

                var weights = new double[full.Weights.Count];
                foreach (var w in outcome.Weights)
                {
                    weights[respondentOf[w.Id]] = w.Weight;
                }

                result[r] = weights;
            });
        }
        catch (AggregateException ex) when (ex.InnerException is EstimationException or WeightingException)
        {
            throw ex.InnerException is WeightingException w
                ? new EstimationException("A bootstrap replicate cannot be weighted: " + w.Message)
                : ex.InnerException;
        }

        return result;
    }
}
