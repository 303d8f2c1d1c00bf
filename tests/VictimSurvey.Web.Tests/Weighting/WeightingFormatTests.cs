using System.Globalization;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Web.Weighting;

namespace VictimSurvey.Web.Tests.Weighting;

/// <summary>How the Weighting page writes relative errors, the trace's axis and the g histogram's labels.</summary>
public class WeightingFormatTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Theory]
    [InlineData(1.2e-13, "< 0,0001 %")] // a met margin: no scientific notation
    [InlineData(0.0, "0 %")]
    [InlineData(1.0 / 31, "3,2258 %")]
    [InlineData(0.0012, "0,12 %")]
    [InlineData(double.NaN, "—")]
    public void A_relative_error_reads_as_a_percentage(double value, string expected) =>
        Assert.Equal(expected, WeightingFormat.RelativeError(value, French).Replace('\u00a0', ' ').Replace('\u202f', ' '));

    [Theory]
    [InlineData(0.0, "1")]
    [InlineData(1.0, "10")]
    [InlineData(-3.0, "10⁻³")]
    [InlineData(-12.0, "10⁻¹²")]
    [InlineData(2.0, "10²")]
    public void The_trace_ticks_are_powers_of_ten(double exponent, string expected) =>
        Assert.Equal(expected, WeightingFormat.PowerOfTen(exponent));

    [Fact]
    public void The_trace_has_whole_power_of_ten_ticks_at_most_about_eight()
    {
        Assert.Equal(1, WeightingFormat.TraceTickStep([0.3, 1e-3, 1e-7]));
        Assert.Equal(2, WeightingFormat.TraceTickStep([0.3, 1e-4, 1e-13]));
        Assert.Equal(2, WeightingFormat.TraceTickStep([0.3, 0.0])); // met exactly: drawn at 10⁻¹⁶
    }

    [Fact]
    public void The_g_histogram_labels_every_few_bars_with_the_decimals_of_the_width()
    {
        var bins = RunDiagnostics.Histogram([0.942, 1.0, 1.088]);

        var labels = WeightingFormat.HistogramLabels(bins, French);

        Assert.Equal(30, labels.Length);
        Assert.Equal(["0,940", "0,955", "0,970", "0,985", "1,000", "1,015", "1,030", "1,045", "1,060", "1,075"], labels.Where(l => l != ""));
    }

    [Theory]
    [InlineData(66_560, 20_000)]
    [InlineData(900, 200)]
    [InlineData(3, 1)]
    public void The_histogram_counts_have_round_ticks(double max, double step) =>
        Assert.Equal(step, WeightingFormat.CountTickStep(max));
}
