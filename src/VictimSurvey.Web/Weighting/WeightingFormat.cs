using System.Globalization;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Web.Weighting;

/// <summary>How the Weighting page writes its diagnostics: pure, so unit-tested.</summary>
public static class WeightingFormat
{
    /// <summary>Below this a relative error is shown as "&lt; 0,0001 %" (calibrated margins are met to about 1e-12).</summary>
    public const double SmallestRelativeError = 1e-6;

    /// <summary>
    /// A relative margin error as a percentage with up to 4 decimals (<c>3,2258 %</c>, <c>0,12 %</c>), <c>0 %</c> for
    /// none, <c>&lt; 0,0001 %</c> below <see cref="SmallestRelativeError"/>; a dash for NaN.
    /// </summary>
    public static string RelativeError(double value, CultureInfo culture)
    {
        if (double.IsNaN(value))
        {
            return "—";
        }

        var percent = culture.NumberFormat.PercentSymbol;
        if (value == 0)
        {
            return "0 " + percent;
        }

        return Math.Abs(value) < SmallestRelativeError
            ? "< " + (SmallestRelativeError * 100).ToString("0.####", culture) + " " + percent
            : (value * 100).ToString("0.####", culture) + " " + percent;
    }

    /// <summary>A power of ten from its exponent, as the trace's axis shows it: <c>1</c>, <c>10</c>, <c>10⁻³</c>.</summary>
    public static string PowerOfTen(double exponent)
    {
        var k = (int)Math.Round(exponent);
        return k switch
        {
            0 => "1",
            1 => "10",
            _ => "10" + Superscript(k.ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static string Superscript(string digits) => string.Concat(digits.Select(c => c switch
    {
        '-' => '⁻',
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        _ => '⁹',
    }));

    /// <summary>The exponent drawn for an error of the trace (log10); an error of 0 (met exactly) is drawn at 10⁻¹⁶.</summary>
    public static double TraceExponent(double error) => error > 0 ? Math.Log10(error) : -16;

    /// <summary>A round step between the trace's y ticks (whole powers of ten) so that about 8 ticks at most are drawn.</summary>
    public static int TraceTickStep(IReadOnlyList<double> trace)
    {
        if (trace.Count == 0)
        {
            return 1;
        }

        var exponents = trace.Select(TraceExponent).ToList();
        var span = Math.Ceiling(exponents.Max()) - Math.Floor(exponents.Min());
        return span <= 8 ? 1 : span <= 16 ? 2 : span <= 40 ? 5 : 10;
    }

    /// <summary>
    /// The labels under the g histogram's bars: each bin's lower bound with as many decimals as its width needs
    /// (0.005 → 3), on every k-th bar only so that at most about 10 are written; the others are empty.
    /// </summary>
    public static string[] HistogramLabels(IReadOnlyList<GBin> bins, CultureInfo culture)
    {
        if (bins.Count == 0)
        {
            return [];
        }

        var width = bins.FirstOrDefault(b => b.Upper is not null) is { Upper: { } upper } closed ? upper - closed.Lower : 0.1;
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(width) - 1e-9), 0, 6);
        var every = Math.Max(1, (int)Math.Ceiling(bins.Count / 10.0));
        return bins.Select((b, i) => i % every == 0 ? b.Lower.ToString("F" + decimals, culture) : "").ToArray();
    }

    /// <summary>A round step between the y ticks of a bar chart of counts up to <paramref name="max"/>: 1, 2 or 5 × 10^k, about 5 ticks.</summary>
    public static double CountTickStep(double max)
    {
        if (!(max > 0))
        {
            return 1;
        }

        var least = max / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(least)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(s => s * power).First(s => s >= least);
        return Math.Max(1, step);
    }
}
