using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

/// <summary>The diagnostics a run stores for the Weighting page (issue #7 item 3).</summary>
public class RunDiagnosticsTests
{
    private static readonly RespondentWeight[] Weights =
    [
        new("a", 10, 8, 10, 1.0),
        new("b", 10, 8, 10, 1.0),
        new("c", 30, 8, 10, 3.0),
        new("d", 5, 8, 10, 0.5),
    ];

    private static CalibrationResult Calibration(bool converged) => new()
    {
        Converged = converged,
        Iterations = 3,
        MaxMarginErrorByIteration = [0.5, 0.05, 0.001, 1e-12],
        Weights = Weights.Select(w => w.Weight).ToArray(),
        G = Weights.Select(w => w.G).ToArray(),
        Margins = [new MarginCheck("sex", "1", 30, 20, 29)],
        GDistribution = GDistribution.Of(Weights.Select(w => w.G).ToArray()),
        AtLowerBound = 1,
        AtUpperBound = 2,
        NegativeWeights = 0,
        KishDesignEffect = 1.5,
        Failure = converged ? null : "did not converge",
    };

    private static WeightingOutcome Outcome(bool converged = true) => new("test", 6, 5, 4, Weights, null, Calibration(converged));

    private static readonly Dictionary<string, string> Departments = new(StringComparer.Ordinal) { ["a"] = "01", ["b"] = "01", ["c"] = "02", ["d"] = "02" };

    [Fact]
    public void Kish_design_effect_is_computed_overall_and_within_each_department()
    {
        var d = RunDiagnostics.Of(Outcome(), Departments);

        // n·Σw²/(Σw)² = 4·(100+100+900+25)/55²
        Assert.Equal(4 * 1125.0 / (55 * 55), d.KishDesignEffect, 12);
        Assert.Equal(["01", "02"], d.Departments.Select(x => x.Department));
        Assert.Equal(1.0, d.Departments[0].KishDesignEffect, 12);
        Assert.Equal(2 * 925.0 / (35 * 35), d.Departments[1].KishDesignEffect, 12);
        Assert.Equal([2, 2], d.Departments.Select(x => x.Respondents));
    }

    [Fact]
    public void The_g_histogram_follows_the_range_of_g_with_a_round_width_and_counts_every_unit_once()
    {
        // The demo's national run: g between 0.942 and 1.088.
        var bins = RunDiagnostics.Histogram([0.942, 1.0, 0.9999999999999, 1.004, 1.05, 1.088, double.NaN]);

        Assert.Equal(30, bins.Count); // widths of 0.005 from 0.940 to 1.090
        Assert.Equal(6, bins.Sum(b => b.Count));
        Assert.Equal(0.94, bins[0].Lower);
        Assert.Equal(0.945, bins[0].Upper);
        Assert.Equal(1, bins[0].Count);
        Assert.Equal(1.0, bins[12].Lower);
        Assert.Equal(3, bins[12].Count); // 1.0, 0.99999…(rounded), 1.004 in [1.000, 1.005)
        Assert.Equal(1, bins[22].Count); // 1.05 in [1.050, 1.055)
        Assert.Equal(1.085, bins[^1].Lower);
        Assert.Equal(1.09, bins[^1].Upper);
        Assert.Equal(1, bins[^1].Count);
        Assert.All(bins.Zip(bins.Skip(1)), p => Assert.Equal(p.First.Upper, p.Second.Lower));
    }

    [Theory]
    [InlineData(0.5, 3.0, 0.1, 26)] // [0.5, 3.1)
    [InlineData(-0.3, 7.2, 0.5, 16)] // linear calibration: negative g, from -0.5 to 7.5
    [InlineData(0.1, 10, 0.5, 21)] // bounds [0.1, 10]: from 0 to 10.5
    [InlineData(0.99, 1.01, 0.001, 21)]
    public void The_g_histogram_has_between_about_12_and_32_bins_of_a_round_width(double min, double max, double width, int count)
    {
        var bins = RunDiagnostics.Histogram([min, (min + max) / 2, max]);

        Assert.Equal(count, bins.Count);
        Assert.All(bins, b => Assert.Equal(width, b.Upper!.Value - b.Lower, 9));
        Assert.Equal(3, bins.Sum(b => b.Count));
        Assert.Equal(1, bins[0].Count);
        Assert.Equal(1, bins[^1].Count);
    }

    [Fact]
    public void A_g_that_is_the_same_for_everyone_has_one_bin_and_no_g_has_none()
    {
        var one = Assert.Single(RunDiagnostics.Histogram([1.0, 1.0, 1.0]));
        Assert.Equal((1.0, 1.01, 3), (one.Lower, one.Upper!.Value, one.Count));
        Assert.Empty(RunDiagnostics.Histogram([]));
        Assert.Empty(RunDiagnostics.Histogram([double.NaN]));
    }

    [Fact]
    public void Trace_margins_and_bounds_come_from_the_calibration_even_when_it_did_not_converge()
    {
        var d = RunDiagnostics.Of(Outcome(converged: false), departmentOf: null);

        Assert.False(d.Converged);
        Assert.Equal([0.5, 0.05, 0.001, 1e-12], d.Trace);
        var margin = Assert.Single(d.Margins);
        Assert.Equal(("sex", "1", 30.0, 20.0, 29.0), (margin.Margin, margin.Category, margin.Total, margin.Before, margin.After));
        Assert.Equal(1.0 / 31, margin.RelativeError, 12);
        Assert.Equal((1, 2), (d.AtLowerBound, d.AtUpperBound));
        Assert.Equal((0.5, 3.0), (d.GMin, d.GMax));
        Assert.Empty(d.Departments);
        Assert.Equal((6, 5, 4), (d.Sampled, d.Eligible, d.Respondents));
    }

    [Fact]
    public void A_respondent_without_a_department_is_counted_under_a_question_mark()
    {
        var d = RunDiagnostics.Of(Outcome(), new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = "01" });

        Assert.Equal(["01", "?"], d.Departments.Select(x => x.Department));
        Assert.Equal(3, d.Departments[1].Respondents);
    }

    [Fact]
    public void Without_calibration_the_trace_and_margins_are_empty()
    {
        var d = RunDiagnostics.Of(new WeightingOutcome("test", 4, 4, 4, Weights, null, null), null);

        Assert.Null(d.Converged);
        Assert.Empty(d.Trace);
        Assert.Empty(d.Margins);
        Assert.Equal(4, d.GHistogram.Sum(b => b.Count));
    }
}
