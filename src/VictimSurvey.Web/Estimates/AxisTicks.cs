namespace VictimSurvey.Web.Estimates;

/// <summary>Round tick values for a chart axis.</summary>
public static class AxisTicks
{
    /// <summary>
    /// The multiples of a round step (1, 2, 2.5 or 5 × 10^k) that fall within [<paramref name="min"/>, <paramref name="max"/>],
    /// the step chosen for about <paramref name="about"/> ticks.
    /// </summary>
    public static IReadOnlyList<double> Within(double min, double max, int about = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || max <= min || about < 1)
        {
            return [];
        }

        var least = (max - min) / about;
        var power = Math.Pow(10, Math.Floor(Math.Log10(least)));
        var step = new[] { 1.0, 2.0, 2.5, 5.0, 10.0 }.Select(s => s * power).First(s => s >= least * (1 - 1e-12));
        var ticks = new List<double>();
        for (var k = Math.Ceiling(min / step - 1e-9); k * step <= max + step * 1e-9; k++)
        {
            // k × step, not a running sum: no drift (0.30000000000000004).
            ticks.Add(Math.Round(k * step, 12));
        }

        return ticks;
    }
}
