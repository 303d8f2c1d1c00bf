using VictimSurvey.Core.Variance;

namespace VictimSurvey.Core.Tests.Estimation;

public class RescalingBootstrapTests
{
    private static readonly string[] Strata = [.. Enumerable.Repeat("A", 5), .. Enumerable.Repeat("B", 9), .. Enumerable.Repeat("C", 2)];

    [Fact]
    public void Each_stratum_gets_n_minus_one_draws_rescaled_by_n_over_n_minus_one()
    {
        foreach (var f in RescalingBootstrap.Factors(Strata, seed: 1, first: 0, count: 20))
        {
            // Σ factors in stratum h = (n_h − 1)·n_h/(n_h − 1) = n_h: the replicate keeps the stratum's weight on average.
            Assert.Equal(5, f[..5].Sum(), 12);
            Assert.Equal(9, f[5..14].Sum(), 12);
            Assert.Equal(2, f[14..].Sum(), 12);
            Assert.All(f[..5], x => Assert.Equal(0, Math.IEEERemainder(x, 5 / 4.0), 12));
        }
    }

    [Fact]
    public void Replicates_do_not_depend_on_how_they_are_split_into_chunks()
    {
        var all = RescalingBootstrap.Factors(Strata, seed: 2024, first: 0, count: 10);
        var secondChunk = RescalingBootstrap.Factors(Strata, seed: 2024, first: 6, count: 4);

        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(all[6 + r], secondChunk[r]);
        }

        Assert.NotEqual(all[0], RescalingBootstrap.Factors(Strata, seed: 2025, first: 0, count: 1)[0]);
    }

    [Fact]
    public void The_replicate_variance_is_the_spread_around_the_replicate_mean_over_b_minus_one()
    {
        Assert.Equal(((1 - 2.0) * (1 - 2.0) + 0 + (3 - 2.0) * (3 - 2.0)) / 2, RescalingBootstrap.Variance([1.0, 2.0, 3.0]), 15);
    }
}
