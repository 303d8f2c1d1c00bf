using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Web.Estimates;

namespace VictimSurvey.Web.Tests.Estimates;

public class ExplorerFiguresTests
{
    private static StoredEstimate Row(string domain, double value, double se, string flag = "ok", string variable = "department") => new()
    {
        Indicator = "insult", Label = "Insults", DomainVariable = variable, Domain = domain, Estimate = value, Se = se,
        CiLower = value - 2 * se, CiUpper = value + 2 * se, Cv = se / value, N = 500, Flag = flag, WeightedBase = 5e5, Df = 499,
    };

    private static ExplorerFigures Figures(IReadOnlyList<StoredEstimate> current, IReadOnlyList<StoredEstimate> before) =>
        new(new Release { Id = 2, EditionYear = 2024 }, before.Count == 0 ? null : new Release { Id = 1, EditionYear = 2023 },
            current, before, new Dictionary<string, string> { ["75"] = "Paris" });

    [Fact]
    public void The_change_since_the_previous_edition_carries_its_significance_and_is_absent_when_a_side_is_suppressed()
    {
        var figures = Figures(
            [Row("national", 0.040, 0.001, variable: "national"), Row("75", 0.050, 0.004), Row("13", 0.05, 0.004, "suppressed")],
            [Row("national", 0.030, 0.001, variable: "national"), Row("75", 0.049, 0.004), Row("13", 0.04, 0.004)]);

        var national = figures.National("insult")!;
        var paris = figures.Departments("insult").Single(r => r.Domain == "75");

        Assert.True(national.Change!.Significant); // 0.010 / √2·0.001 ≈ 7 SE
        Assert.Equal(0.010, national.Change.Difference, 12);
        Assert.False(paris.Change!.Significant);
        Assert.Equal("Paris", paris.Name);
        Assert.Null(figures.Departments("insult").Single(r => r.Domain == "13").Change);
        Assert.True(figures.IsShare("insult"));
    }

    [Fact]
    public void Without_a_previous_release_there_is_no_change()
    {
        var figures = Figures([Row("75", 0.05, 0.004)], []);

        Assert.Null(figures.Previous);
        Assert.Null(figures.Departments("insult").Single().Change);
    }

    [Fact]
    public void The_grid_cartogram_places_the_101_departments_on_distinct_squares_with_the_overseas_ones_as_insets()
    {
        var grid = DepartmentGrid.Embedded();

        Assert.Equal(101, grid.Cells.Select(c => c.Code).Distinct().Count());
        Assert.Equal(grid.Cells.Count, grid.Cells.Select(c => (c.Row, c.Col)).Distinct().Count());
        Assert.Equal(["971", "972", "973", "974", "976"], grid.Cells.Where(c => c.Inset).Select(c => c.Code).Order());
        Assert.Contains(grid.Cells, c => c.Code == "2A" && !c.Inset);
    }
}
