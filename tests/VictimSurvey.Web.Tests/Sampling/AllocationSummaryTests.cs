using VictimSurvey.Data.Sampling;
using VictimSurvey.Web.Sampling;

namespace VictimSurvey.Web.Tests.Sampling;

public class AllocationSummaryTests
{
    private static DepartmentAllocation Department(string code, long population, int planned, int drawn) =>
        new() { DepartmentCode = code, DepartmentName = "d" + code, Population = population, PlannedSize = planned, DrawnSize = drawn, DesignWeightSum = population };

    [Fact]
    public void Totals_add_every_department_and_the_chart_keeps_the_largest_in_order_of_size()
    {
        var departments = Enumerable.Range(1, 30).Select(i => Department(i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), i * 1000, i, i)).ToList();

        var summary = AllocationSummary.From(departments);

        Assert.Equal(30, summary.Departments.Count);
        Assert.Equal(465_000, summary.Population);
        Assert.Equal(465, summary.Planned);
        Assert.Equal(465, summary.Drawn);
        Assert.Equal(465_000, summary.DesignWeightSum);
        Assert.Equal(AllocationSummary.ChartedDepartments, summary.Charted.Count);
        Assert.Equal(["30", "29", "28"], summary.Charted.Take(3).Select(d => d.DepartmentCode));
    }
}
