using VictimSurvey.Core.Sampling;

namespace VictimSurvey.Core.Tests.Sampling;

public class PersonCategoriesTests
{
    [Theory]
    [InlineData(2005, "18-29")]
    [InlineData(1994, "18-29")]
    [InlineData(1993, "30-44")]
    [InlineData(1979, "30-44")]
    [InlineData(1978, "45-59")]
    [InlineData(1963, "60-74")]
    [InlineData(1948, "75+")]
    [InlineData(2006, null)]
    public void Age_group_is_counted_at_the_end_of_the_reference_year(int birthYear, string? expected)
    {
        Assert.Equal(expected, PersonCategories.AgeGroupOf(birthYear, referenceYear: 2023));
    }

    [Fact]
    public void Birth_years_of_each_age_group_map_back_to_it()
    {
        foreach (var group in PersonCategories.AgeGroups)
        {
            var (first, last) = PersonCategories.BirthYearsOf(group, 2023);
            Assert.Equal(group, PersonCategories.AgeGroupOf(first, 2023));
            Assert.Equal(group, PersonCategories.AgeGroupOf(last, 2023));
        }
    }
}
