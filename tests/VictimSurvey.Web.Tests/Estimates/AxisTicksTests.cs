using VictimSurvey.Web.Estimates;

namespace VictimSurvey.Web.Tests.Estimates;

public class AxisTicksTests
{
    [Fact]
    public void Ticks_are_round_multiples_within_the_range()
    {
        Assert.Equal([0.0, 0.05, 0.1, 0.15], AxisTicks.Within(-0.004, 0.17, about: 4));
        Assert.Equal([0.1, 0.2, 0.3], AxisTicks.Within(0.05, 0.32, about: 3));
        Assert.Equal([4.0, 6.0, 8.0, 10.0], AxisTicks.Within(2.1, 10, about: 4));
        Assert.Equal([0.0, 2.5, 5.0, 7.5, 10.0], AxisTicks.Within(0, 10, about: 4));
    }

    [Fact]
    public void A_range_without_width_has_no_ticks()
    {
        Assert.Empty(AxisTicks.Within(1, 1));
        Assert.Empty(AxisTicks.Within(double.NaN, 1));
    }
}
