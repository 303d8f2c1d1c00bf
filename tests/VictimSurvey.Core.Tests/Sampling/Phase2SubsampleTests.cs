using VictimSurvey.Core.Sampling;

namespace VictimSurvey.Core.Tests.Sampling;

public class Phase2SubsampleTests
{
    private static readonly IReadOnlyList<Phase1Respondent> Respondents =
        Enumerable.Range(1, 1000).Select(i => new Phase1Respondent(i, i % 3 == 0 ? "01" : "02")).ToList();

    [Fact]
    public void Each_stratum_gets_its_rate_of_respondents_with_probability_m_over_r()
    {
        var selected = Phase2Subsample.Draw(Respondents, stratum => stratum == "01" ? 0.5 : 0.25, seed: 7);

        var first = selected.Where(s => s.Stratum == "01").ToList();
        var second = selected.Where(s => s.Stratum == "02").ToList();
        Assert.Equal(167, first.Count); // 333 × 0.5 = 166.5, rounded half away from zero
        Assert.Equal(167, second.Count); // 667 × 0.25 = 166.75
        Assert.All(first, s => Assert.Equal(167.0 / 333, s.SubsamplingProbability, 12));
        Assert.All(second, s => Assert.Equal(167.0 / 667, s.SubsamplingProbability, 12));
        Assert.Equal(selected.Count, selected.Select(s => s.PersonId).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_draws_the_same_persons_and_another_seed_others()
    {
        var once = Phase2Subsample.Draw(Respondents, _ => 0.3, seed: 11).Select(s => s.PersonId);
        var again = Phase2Subsample.Draw(Respondents, _ => 0.3, seed: 11).Select(s => s.PersonId);
        var other = Phase2Subsample.Draw(Respondents, _ => 0.3, seed: 12).Select(s => s.PersonId);

        Assert.Equal(once, again);
        Assert.NotEqual(once, other);
    }

    [Fact]
    public void Weights_of_the_subsample_add_up_to_the_respondents_of_each_stratum()
    {
        var selected = Phase2Subsample.Draw(Respondents, _ => 0.37, seed: 3);

        Assert.Equal(333, selected.Where(s => s.Stratum == "01").Sum(s => 1 / s.SubsamplingProbability), 1e-9);
        Assert.Equal(667, selected.Where(s => s.Stratum == "02").Sum(s => 1 / s.SubsamplingProbability), 1e-9);
    }

    [Fact]
    public void A_rate_outside_0_and_1_is_refused()
    {
        Assert.Throws<SamplingException>(() => Phase2Subsample.Draw(Respondents, _ => 1.2, seed: 1));
    }
}
