using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Departments;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Departments;

[Collection(DatabaseCollection.Name)]
public class DepartmentStoreTests(DatabaseFixture fixture)
{
    [DatabaseFact]
    public async Task The_migration_seeds_the_101_departments_in_natural_order_matching_the_population_table()
    {
        var departments = await new DepartmentStore(fixture.DataSource).ListAsync(default);

        Assert.Equal(ApproximateAdultPopulation.Departments.Select(d => d.Code), departments.Select(d => d.Code));
        Assert.Equal(["971", "972", "973", "974", "976"], departments.Where(d => d.IsOverseas).Select(d => d.Code));
        Assert.Equal("Corse-du-Sud", departments.Single(d => d.Code == "2A").Name);
        Assert.Equal("Corse", departments.Single(d => d.Code == "2B").Region);
    }
}
