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
    public void The_g_histogram_has_fixed_bins_and_counts_every_unit_once()
    {
        var bins = RunDiagnostics.Histogram([0.5, 1.0, 0.9999999999999, 1.05, 3.0, 7.2, -0.3, double.NaN]);

        Assert.Equal(RunDiagnostics.GBins, bins.Count);
        Assert.Equal(7, bins.Sum(b => b.Count));
        Assert.Equal(2, bins[0].Count + bins[5].Count); // -0.3 in the first bin, 0.5 in [0.5, 0.6)
        Assert.Equal(3, bins[10].Count); // 1.0, 0.99999…(rounded), 1.05 in [1.0, 1.1)
        Assert.Equal(1, bins[30].Count);
        Assert.Equal(1, bins[^1].Count);
        Assert.Null(bins[^1].Upper);
        Assert.Equal(1.0, bins[10].Lower);
        Assert.Equal(1.1, bins[10].Upper);
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
