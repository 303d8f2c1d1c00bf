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
    public static double[][] Compute(WeightingSpec spec, WeightingData data, WeightingOutcome full, int seed, int first, int count) =>
        Map(spec, data, full, seed, first, count, w => (double[])w.Clone());

    /// <summary>
    /// Replicates [first, first + count) as a stream: each replicate's weights (as <see cref="Compute"/> gives
    /// them) are handed to <paramref name="estimate"/> as soon as they are computed, and only its results are
    /// kept, in replicate order. What bootstrap standard errors need: 500 replicates of a national sample
    /// would otherwise hold 500 × n weights (and as many factors) at once.
    /// </summary>
    /// <param name="estimate">
    /// Called on several threads at once; the array it receives is a buffer reused for the next replicate,
    /// so it must not be kept.
    /// </param>
    public static T[] Map<T>(WeightingSpec spec, WeightingData data, WeightingOutcome full, int seed, int first, int count, Func<double[], T> estimate) =>
        Map(spec, data, full, seed, first, count, (_, weights) => estimate(weights));

    /// <inheritdoc cref="Map{T}(WeightingSpec, WeightingData, WeightingOutcome, int, int, int, Func{double[], T})"/>
    /// <param name="estimate">Receives the replicate's index within the chunk (0 for replicate <paramref name="first"/>) and its weights.</param>
    public static T[] Map<T>(WeightingSpec spec, WeightingData data, WeightingOutcome full, int seed, int first, int count, Func<int, double[], T> estimate) =>
        Map(Prepare(spec, data, full), seed, first, count, estimate);

    /// <summary>
    /// What every replicate of a weighted file reuses: the bootstrap's sampler, the weighting with its input
    /// read and its nonresponse cells built, and where each respondent goes in the full weighting's order.
    /// Built once per file (about half a second on a national sample), not once per chunk of replicates.
    /// </summary>
    public sealed class Input
    {
        internal Input(RescalingBootstrap.ReplicateSampler sampler, PreparedWeighting prepared, int[] slotOf, int respondents, bool sameOrder) =>
            (Sampler, Prepared, SlotOf, Respondents, SameOrder) = (sampler, prepared, slotOf, respondents, sameOrder);

        internal RescalingBootstrap.ReplicateSampler Sampler { get; }

        internal PreparedWeighting Prepared { get; }

        internal int[] SlotOf { get; }

        internal int Respondents { get; }

        internal bool SameOrder { get; }
    }

    public static Input Prepare(WeightingSpec spec, WeightingData data, WeightingOutcome full)
    {
        var strata = data.RequiredColumn(spec.Input.Strata ?? throw new EstimationException("Replicate weights need input.strata (replicates are drawn within strata)."), "input.strata");
        var sampler = RescalingBootstrap.Sampler(strata);
        var prepared = WeightingPipeline.Prepare(spec, data);

        // Where each respondent of the weighting goes in full's order (computed once, not per replicate).
        var respondentOf = new Dictionary<string, int>(full.Weights.Count, StringComparer.Ordinal);
        for (var u = 0; u < full.Weights.Count; u++)
        {
            respondentOf.Add(full.Weights[u].Id, u);
        }

        var slotOf = prepared.RespondentIds.Select(id => respondentOf[id]).ToArray();
        var sameOrder = slotOf.Length == full.Weights.Count && slotOf.Select((slot, u) => slot == u).All(x => x);
        return new Input(sampler, prepared, slotOf, full.Weights.Count, sameOrder);
    }

    /// <inheritdoc cref="Map{T}(WeightingSpec, WeightingData, WeightingOutcome, int, int, int, Func{int, double[], T})"/>
    public static T[] Map<T>(Input input, int seed, int first, int count, Func<int, double[], T> estimate)
    {
        var (sampler, prepared, slotOf, sameOrder) = (input.Sampler, input.Prepared, input.SlotOf, input.SameOrder);
        var result = new T[count];
        try
        {
            Parallel.For(0, count,
                () => (Factors: new double[sampler.UnitCount], ByPosition: new double[slotOf.Length], Weights: new double[input.Respondents]),
                (r, _, buffers) =>
                {
                    sampler.Fill(seed, first + r, buffers.Factors);
                    var calibration = prepared.WeighReplicate(buffers.Factors, buffers.ByPosition);
                    if (calibration is { Converged: false })
                    {
                        throw new EstimationException($"Bootstrap replicate {first + r + 1}: the weighting did not converge ({calibration.Failure}).");
                    }

                    var weights = buffers.ByPosition;
                    if (!sameOrder)
                    {
                        weights = buffers.Weights;
                        Array.Clear(weights);
                        for (var u = 0; u < slotOf.Length; u++)
                        {
                            weights[slotOf[u]] = buffers.ByPosition[u];
                        }
                    }

                    result[r] = estimate(r, weights);
                    return buffers;
                },
                _ => { });
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
