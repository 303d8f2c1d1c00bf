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
}
