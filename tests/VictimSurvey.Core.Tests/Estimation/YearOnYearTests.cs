using VictimSurvey.Core.Estimation;

namespace VictimSurvey.Core.Tests.Estimation;

public class YearOnYearTests
{
    [Fact]
    public void A_change_of_two_combined_standard_errors_is_significant_at_95_percent()
    {
        // SEs 0.003 and 0.004 combine to 0.005; a change of 0.0105 is z = 2.1 (p ≈ 0.0357).
        var change = YearOnYear.Compare(new Estimate(0.0200, 0.003, 5000, 1), new Estimate(0.0305, 0.004, 5000, 1));

        Assert.Equal(0.0105, change.Difference, 12);
        Assert.Equal(0.005, change.StandardError, 12);
        Assert.Equal(0.035728841, change.PValue, 6);
        Assert.True(change.Significant);
    }

    [Fact]
    public void A_small_change_is_not_significant()
    {
        var change = YearOnYear.Compare(new Estimate(0.18, 0.004, 9000, 1), new Estimate(0.185, 0.004, 9000, 1));
        Assert.False(change.Significant);
    }
}
