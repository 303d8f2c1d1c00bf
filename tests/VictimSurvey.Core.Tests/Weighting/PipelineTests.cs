using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

public class PipelineTests
{
    private static WeightingData Data(params string[][] rows) =>
        new("data.csv", ["id", "pi", "pi2", "d"], rows, Enumerable.Range(2, rows.Length).ToArray());

    [Fact]
    public void Design_weights_are_one_over_pi_times_one_over_the_second_phase_probability()
    {
        var spec = new WeightingSpec("t", new InputColumns("id", null, InclusionProbability: "pi", SecondPhaseProbability: "pi2"), null, null, null);

        var outcome = WeightingPipeline.Run(spec, Data(["a", "0.01", "0.5", ""], ["b", "0.02", "1", ""]));

        Assert.Equal([200.0, 50.0], outcome.Weights.Select(w => w.DesignWeight));
        Assert.Equal([200.0, 50.0], outcome.Weights.Select(w => w.Weight));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("x")]
    public void A_probability_outside_zero_one_is_named_by_row(string bad)
    {
        var spec = new WeightingSpec("t", new InputColumns("id", null, InclusionProbability: "pi"), null, null, null);

        var error = Assert.Throws<WeightingException>(() => WeightingPipeline.Run(spec, Data(["a", "0.01", "1", ""], ["b", bad, "1", ""])));

        Assert.Contains("row 3 (id b), column 'pi'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_are_named_with_both_rows()
    {
        var spec = new WeightingSpec("t", new InputColumns("id", "d"), null, null, null);

        var error = Assert.Throws<WeightingException>(() => WeightingPipeline.Run(spec, Data(["a", "", "", "1"], ["a", "", "", "2"])));

        Assert.Contains("rows 2 and 3", error.Message, StringComparison.Ordinal);
    }
}
