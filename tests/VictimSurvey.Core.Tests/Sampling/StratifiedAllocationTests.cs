using VictimSurvey.Core.Sampling;

namespace VictimSurvey.Core.Tests.Sampling;

public class StratifiedAllocationTests
{
    private static readonly IReadOnlyList<StratumPopulation> France = ApproximateAdultPopulation.Departments;

    [Fact]
    public void The_approximate_table_has_the_101_departments_and_about_53_million_adults()
    {
        Assert.Equal(101, France.Count);
        Assert.Equal(["01", "19", "2A", "2B", "21", "95", "971", "976"], France.Select(d => d.Code).Where(c => c is "01" or "19" or "2A" or "2B" or "21" or "95" or "971" or "976"));
        Assert.InRange(France.Sum(d => d.Population), 51_000_000, 55_000_000);
        Assert.Equal(99, ApproximateAdultPopulation.VrsCoverage.Count);
    }

    [Theory]
    [InlineData(AllocationMethod.Proportional, 0)]
    [InlineData(AllocationMethod.Proportional, 1000)]
    [InlineData(AllocationMethod.MinimumPlusProportional, 1000)]
    [InlineData(AllocationMethod.Power, 0)]
    [InlineData(AllocationMethod.Power, 1000)]
    public void Sizes_sum_exactly_to_n_respect_the_minimum_and_never_exceed_the_population(AllocationMethod method, int minimum)
    {
        var allocation = StratifiedAllocation.Allocate(France, new AllocationRequest(method, 200_000, minimum, 0.5));

        Assert.Equal(200_000, allocation.Sum(a => a.Size));
        Assert.All(allocation, a => Assert.InRange(a.Size, Math.Min(minimum, a.Population), a.Population));
    }

    [Fact]
    public void Minimum_plus_proportional_gives_each_stratum_the_minimum_plus_its_share_of_the_remainder()
    {
        var allocation = StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 200_000, 1000));

        var total = France.Sum(d => d.Population);
        var remainder = 200_000 - 101 * 1000;
        foreach (var a in allocation)
        {
            Assert.InRange(a.Size, 1000 + Math.Floor(remainder * (double)a.Population / total), 1000 + Math.Ceiling(remainder * (double)a.Population / total));
        }
    }

    [Fact]
    public void Proportional_allocation_gives_nearly_equal_probabilities()
    {
        var allocation = StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.Proportional, 200_000));

        var expected = 200_000.0 / France.Sum(d => d.Population);
        Assert.All(allocation, a => Assert.Equal(expected, a.InclusionProbability, 0.01 * expected + 1.0 / a.Population));
    }

    [Fact]
    public void Power_allocation_favours_small_departments_between_equal_and_proportional()
    {
        var proportional = StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.Proportional, 200_000));
        var power = StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.Power, 200_000, 0, 0.5));
        var equal = StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.Power, 200_000, 0, 0.0));

        var lozere = France.ToList().FindIndex(d => d.Code == "48");
        Assert.True(proportional[lozere].Size < power[lozere].Size && power[lozere].Size < equal[lozere].Size);
        Assert.InRange(equal.Max(a => a.Size) - equal.Min(a => a.Size), 0, 1);
    }

    [Fact]
    public void Design_weights_of_a_stratum_sum_to_its_population()
    {
        var allocation = StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 200_000, 1000));

        Assert.All(allocation, a => Assert.Equal(a.Population, Enumerable.Repeat(1 / a.InclusionProbability, a.Size).Sum(), 1e-6 * a.Population));
    }

    [Fact]
    public void A_stratum_smaller_than_its_allocation_is_taken_whole_and_the_rest_goes_to_the_others()
    {
        StratumPopulation[] strata = [new("A", 50), new("B", 10_000), new("C", 10_000)];

        var allocation = StratifiedAllocation.Allocate(strata, new AllocationRequest(AllocationMethod.Power, 3_000, 100, 0.0));

        Assert.Equal([50, 1475, 1475], allocation.Select(a => a.Size));
        Assert.Equal(1.0, allocation[0].InclusionProbability);
    }

    [Fact]
    public void Ties_in_the_rounding_go_to_the_stratum_listed_first()
    {
        StratumPopulation[] strata = [new("A", 100), new("B", 100), new("C", 100)];

        var allocation = StratifiedAllocation.Allocate(strata, new AllocationRequest(AllocationMethod.Proportional, 100));

        Assert.Equal([34, 33, 33], allocation.Select(a => a.Size));
    }

    [Fact]
    public void A_minimum_that_the_sample_size_cannot_pay_for_is_a_clear_error()
    {
        var error = Assert.Throws<SamplingException>(() =>
            StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 200_000, 2000)));

        Assert.Contains("2,000 per stratum × 101 strata = 202,000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 0.5)]
    [InlineData(-5, 0, 0.5)]
    [InlineData(100, -1, 0.5)]
    [InlineData(100, 0, 1.5)]
    [InlineData(60_000_000, 0, 0.5)]
    public void Impossible_requests_are_refused(int size, int minimum, double power)
    {
        Assert.Throws<SamplingException>(() => StratifiedAllocation.Allocate(France, new AllocationRequest(AllocationMethod.Power, size, minimum, power)));
    }

    [Fact]
    public void Duplicate_or_empty_strata_are_refused()
    {
        Assert.Throws<SamplingException>(() => StratifiedAllocation.Allocate([new("A", 10), new("A", 10)], new AllocationRequest(AllocationMethod.Proportional, 5)));
        Assert.Throws<SamplingException>(() => StratifiedAllocation.Allocate([new("A", 10), new("B", 0)], new AllocationRequest(AllocationMethod.Proportional, 5)));
    }
}
