using VictimSurvey.Core.Sampling;
using VictimSurvey.Jobs.Sampling;

namespace VictimSurvey.Data.Tests.Sampling;

public class DemoSampleGeneratorTests
{
    private static readonly IReadOnlyList<StratumAllocation> Allocation =
        StratifiedAllocation.Allocate(ApproximateAdultPopulation.Departments, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 20_000, 100));

    [Fact]
    public void The_same_seed_gives_the_same_persons()
    {
        var once = DemoSampleGenerator.Generate(2023, Allocation, 42);
        var again = DemoSampleGenerator.Generate(2023, Allocation, 42);
        var other = DemoSampleGenerator.Generate(2023, Allocation, 43);

        Assert.Equal(once, again);
        Assert.NotEqual(once.Select(p => p.PseudonymousId), other.Select(p => p.PseudonymousId));
    }

    [Fact]
    public void Persons_are_consistent_adults_of_their_department_with_distinct_ids()
    {
        var persons = DemoSampleGenerator.Generate(2023, Allocation, 42);

        Assert.Equal(20_000, persons.Count);
        Assert.Equal(persons.Count, persons.Select(p => p.PseudonymousId).Distinct().Count());
        Assert.All(persons, p =>
        {
            Assert.Equal(p.AgeGroup, PersonCategories.AgeGroupOf(p.BirthYear, 2023));
            Assert.Equal(p.BirthYear, p.Contact.BirthDate!.Value.Year);
            Assert.StartsWith(p.DepartmentCode.StartsWith('2') && p.DepartmentCode[1] is 'A' or 'B' ? "20" : p.DepartmentCode, p.Contact.PostalCode, StringComparison.Ordinal);
            Assert.Equal(5, p.Contact.PostalCode.Length);
            Assert.True(p.Contact.Email is null || p.Contact.Email.EndsWith(".invalid", StringComparison.Ordinal));
            Assert.Contains(p.Diploma, PersonCategories.Diplomas);
            Assert.InRange(p.HouseholdSize, 1, 6);
        });
        Assert.All(Allocation, a => Assert.Equal(a.Size, persons.Count(p => p.DepartmentCode == a.Code)));
    }

    [Fact]
    public void Shares_look_like_french_adults()
    {
        var persons = DemoSampleGenerator.Generate(2023, Allocation, 42);

        Assert.InRange(persons.Count(p => p.Sex == "F") / (double)persons.Count, 0.50, 0.55);
        Assert.InRange(persons.Count(p => p.AgeGroup == "75+") / (double)persons.Count, 0.10, 0.14);
        Assert.All(persons.Where(p => p.DepartmentCode == "75"), p => Assert.Equal("paris", p.UrbanAreaSize));
    }
}
