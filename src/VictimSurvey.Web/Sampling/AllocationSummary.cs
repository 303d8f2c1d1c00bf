using VictimSurvey.Data.Sampling;

namespace VictimSurvey.Web.Sampling;

/// <summary>The allocation view's read model: every department, the totals, and the few charted.</summary>
public sealed record AllocationSummary(
    IReadOnlyList<DepartmentAllocation> Departments,
    long Population,
    int Planned,
    int Drawn,
    double DesignWeightSum,
    IReadOnlyList<DepartmentAllocation> Charted)
{
    /// <summary>A hundred pairs of bars are unreadable: the chart shows the largest departments only.</summary>
    public const int ChartedDepartments = 20;

    public static AllocationSummary From(IReadOnlyList<DepartmentAllocation> departments) => new(
        departments,
        departments.Sum(d => d.Population),
        departments.Sum(d => d.PlannedSize),
        departments.Sum(d => d.DrawnSize),
        departments.Sum(d => d.DesignWeightSum),
        departments
            .OrderByDescending(d => d.Population)
            .ThenBy(d => d.DepartmentCode, StringComparer.Ordinal)
            .Take(ChartedDepartments)
            .ToList());
}
