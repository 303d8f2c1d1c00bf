using VictimSurvey.Core.Estimation;

namespace VictimSurvey.Core.Tests.Estimation;

public class DomainOrderTests
{
    [Fact]
    public void Department_codes_follow_the_INSEE_list_with_Corsica_in_the_place_of_20()
    {
        string[] shuffled = ["2B", "971", "03", "21", "2A", "19", "01", "976", "95", "29", "30", "02"];
        string[] insee = ["01", "02", "03", "19", "2A", "2B", "21", "29", "30", "95", "971", "976"];

        Assert.Equal(insee, shuffled.Order(DomainOrder.Instance));
        // The sort key gives the same order under a culture-aware comparison, as a table's generic sort uses.
        Assert.Equal(insee, shuffled.OrderBy(DomainOrder.SortKey, StringComparer.InvariantCulture));
        Assert.Equal(insee, shuffled.OrderBy(DomainOrder.SortKey, StringComparer.Ordinal));
    }

    [Fact]
    public void Other_labels_sort_by_their_leading_number_then_the_rest()
    {
        string[] shuffled = ["75+", "national", "18-29", "100-", "5", "45-59", "F", "30-44"];
        string[] expected = ["5", "18-29", "30-44", "45-59", "75+", "100-", "F", "national"];

        Assert.Equal(expected, shuffled.Order(DomainOrder.Instance));
        Assert.Equal(expected, shuffled.OrderBy(DomainOrder.SortKey, StringComparer.InvariantCulture));
    }

    [Fact]
    public void Labels_that_tie_on_their_number_are_still_ordered()
    {
        Assert.True(DomainOrder.Instance.Compare("01", "1") < 0);
        Assert.True(DomainOrder.Instance.Compare("1", "01") > 0);
        Assert.Equal(0, DomainOrder.Instance.Compare("2A", "2A"));
    }

    [Fact]
    public void The_engine_lists_domains_in_this_order()
    {
        string[] departments = ["30", "2B", "01", "2A", "971", "29"];
        var indicator = new IndicatorDefinition("y", EstimateKind.Mean, [1, 0, 1, 0, 1, 0]);
        var design = new VictimSurvey.Core.Variance.LinearizationDesign([1.0, 1, 1, 1, 1, 1], ["s", "s", "s", "s", "s", "s"]);

        var domains = BatchEstimation.Estimate(design, [indicator], [new DomainPartition("department", departments)]).Select(e => e.Domain);

        Assert.Equal(["01", "2A", "2B", "29", "30", "971"], domains);
    }
}
