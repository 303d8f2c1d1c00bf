using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Tests.Weighting;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Estimation;

/// <summary>
/// Bootstrap replicates computed in chunks, in any order, give the same published rows, to the last bit,
/// as the whole run in one process: what lets a weighting run spread its replicates over job servers.
/// Data: the nonresponse-phase reference sample (Estimation/Reference/NonresponsePhase).
/// </summary>
public class PreparedEstimatesTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Estimation", "Reference", "NonresponsePhase");

    private static List<Dictionary<string, string>> Read(string file) => ReferenceData.ReadFrom(Folder, file);

    private static readonly WeightingSpec Spec = new(
        "prepared-estimates",
        new InputColumns("id", "design_weight", Strata: "stratum", StratumPopulation: "stratum_population", Response: "response", Eligible: "eligible"),
        new NonresponseSpec(NonresponseMethod.Rhg, ["age_group", "urban"], [], MinRespondents: 20),
        new CalibrationSpec(CalibrationMethod.Raking, null,
            Read("margins.csv").Select((r, i) => new MarginRow(r["variable"], r["category"], ReferenceData.Number(r["total"]), i + 2)).ToList(),
            "margins.csv", Tolerance: 1e-13, MaxIterations: 200),
        null);

    private static readonly EstimatesSpec Bootstrap = new(0.95, IntervalMethod.Logit, VarianceMethod.Bootstrap, 9, 2024, ["region"],
        [
            new IndicatorSpec("victim", null, "victim", null, null, null, null),
            new IndicatorSpec("complaint_rate", null, null, null, null, "complaint", "victim"),
        ],
        PublicationRule.Default);

    private static WeightingData Data()
    {
        var sample = Read("sample.csv");
        var header = sample[0].Keys.ToList();
        return new WeightingData("sample.csv", header, sample.Select(r => header.Select(h => r[h]).ToArray()).ToList(), Enumerable.Range(2, sample.Count).ToArray());
    }

    [Fact]
    public void Chunks_in_any_order_publish_the_rows_of_the_whole_run()
    {
        var data = Data();
        var weighting = WeightingPipeline.Run(Spec, data);
        var whole = EstimatesPipeline.Run(Spec, Bootstrap, data, weighting);

        var prepared = EstimatesPipeline.Prepare(Spec, Bootstrap, data, weighting);
        Assert.Equal(9, prepared.ReplicateCount);
        var late = prepared.ReplicateEstimates(4, 5);
        var early = prepared.ReplicateEstimates(0, 4);
        var chunked = prepared.Publish([.. early, .. late]);

        Assert.Equal(whole.Count, chunked.Count);
        for (var k = 0; k < whole.Count; k++)
        {
            Assert.Equal(whole[k], chunked[k] with { });
            Assert.Equal(whole[k].Estimate.StandardError, chunked[k].Estimate.StandardError);
        }

        // The bootstrap SE differs from the linearization one it replaces (it was computed, not copied).
        Assert.NotEqual(prepared.Linearized[0].Estimate.StandardError, chunked[0].Estimate.StandardError);
        Assert.True(chunked[0].Estimate.StandardError > 0);

        // Design effects are given with the bootstrap too, over the same V̂_srs: deff / V̂ is the linearization's.
        var proportions = chunked.Select((row, k) => (row, linearized: prepared.Linearized[k].Estimate))
            .Where(x => x.row.Indicator == "victim" && x.linearized.StandardError > 0).ToList();
        Assert.NotEmpty(proportions);
        Assert.All(proportions, x =>
        {
            Assert.True(double.IsFinite(x.row.Estimate.DesignEffect));
            var srs = x.linearized.StandardError * x.linearized.StandardError / x.linearized.DesignEffect;
            Assert.Equal(1.0, x.row.Estimate.StandardError * x.row.Estimate.StandardError / x.row.Estimate.DesignEffect / srs, 12);
        });
    }

    [Fact]
    public void The_weights_handed_out_with_a_chunk_are_the_replicate_weights()
    {
        var data = Data();
        var weighting = WeightingPipeline.Run(Spec, data);
        var prepared = EstimatesPipeline.Prepare(Spec, Bootstrap, data, weighting);
        var handed = new double[3][];
        prepared.ReplicateEstimates(2, 3, (r, weights) => handed[r] = (double[])weights.Clone());

        var expected = ReplicateWeights.Compute(Spec, data, weighting, Bootstrap.Seed, 2, 3);
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(expected[r], handed[r]);
        }
    }

    [Fact]
    public void Publishing_without_every_replicate_is_refused()
    {
        var data = Data();
        var weighting = WeightingPipeline.Run(Spec, data);
        var prepared = EstimatesPipeline.Prepare(Spec, Bootstrap, data, weighting);
        Assert.Throws<ArgumentException>(() => prepared.Publish(prepared.ReplicateEstimates(0, 8)));
        Assert.Throws<ArgumentOutOfRangeException>(() => prepared.ReplicateEstimates(5, 5));
    }
}
