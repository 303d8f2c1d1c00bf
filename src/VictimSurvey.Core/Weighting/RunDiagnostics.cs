namespace VictimSurvey.Core.Weighting;

/// <summary>One bin of the g histogram: lower ≤ g &lt; upper (the last bin is open: upper is null).</summary>
public sealed record GBin(double Lower, double? Upper, int Count);

/// <summary>One calibration margin category: population total, weighted total before and after, relative error after.</summary>
public sealed record MarginDiagnostic(string Margin, string Category, double Total, double Before, double After, double RelativeError);

/// <summary>Respondents of a department and Kish's design effect of their final weights.</summary>
public sealed record DepartmentDiagnostic(string Department, int Respondents, double KishDesignEffect);

/// <summary>
/// What the back office shows about a weighting: counts, the calibration's convergence trace, the g
/// histogram, the margins before/after, the units at the bounds, and the design effect overall and by
/// department. Computed from a <see cref="WeightingOutcome"/> whether the calibration converged or not.
/// </summary>
public sealed record RunDiagnostics
{
    public int Sampled { get; init; }
    public int Eligible { get; init; }
    public int Respondents { get; init; }
    /// <summary>Null when the spec has no calibration.</summary>
    public bool? Converged { get; init; }
    public int Iterations { get; init; }
    /// <summary>max_j |X̂_j − X_j| / (1 + |X_j|) at the start and after each iteration.</summary>
    public IReadOnlyList<double> Trace { get; init; } = [];
    public IReadOnlyList<GBin> GHistogram { get; init; } = [];
    public double GMin { get; init; } = double.NaN;
    public double GMax { get; init; } = double.NaN;
    public IReadOnlyList<MarginDiagnostic> Margins { get; init; } = [];
    public int AtLowerBound { get; init; }
    public int AtUpperBound { get; init; }
    /// <summary>Kish's design effect of all final weights: n·Σw²/(Σw)².</summary>
    public double KishDesignEffect { get; init; } = double.NaN;
    public IReadOnlyList<DepartmentDiagnostic> Departments { get; init; } = [];

    /// <summary>Width of the g histogram's bins.</summary>
    public const double GBinWidth = 0.1;

    /// <summary>Bins of the g histogram: [0, 0.1), [0.1, 0.2) … [3.9, 4), then [4, ∞). A negative g (linear calibration) counts in the first bin.</summary>
    public const int GBins = 41;

    /// <summary>
    /// The diagnostics of a weighting. <paramref name="departmentOf"/> gives a respondent's department from
    /// its id (null: no breakdown by department); a respondent missing from it is counted under "?".
    /// Kish's design effect is n·Σw²/(Σw)² over the final weights (NaN for no unit); by department, the
    /// same within the department's respondents. g is the calibration's g = w/d when there is a calibration,
    /// else each respondent's g as the weighting reports it.
    /// </summary>
    public static RunDiagnostics Of(WeightingOutcome outcome, IReadOnlyDictionary<string, string>? departmentOf)
    {
        var c = outcome.Calibration;
        var weights = outcome.Weights.Select(w => w.Weight).ToArray();
        var g = c?.G ?? outcome.Weights.Select(w => w.G).ToArray();
        return new RunDiagnostics
        {
            Sampled = outcome.SampledUnits,
            Eligible = outcome.EligibleUnits,
            Respondents = outcome.Respondents,
            Converged = c?.Converged,
            Iterations = c?.Iterations ?? 0,
            Trace = c?.MaxMarginErrorByIteration.ToArray() ?? [],
            GHistogram = Histogram(g),
            GMin = g.Length == 0 ? double.NaN : g.Min(),
            GMax = g.Length == 0 ? double.NaN : g.Max(),
            Margins = c?.Margins.Select(m => new MarginDiagnostic(m.Margin, m.Category, m.PopulationTotal, m.Before, m.After, m.RelativeError)).ToArray() ?? [],
            AtLowerBound = c?.AtLowerBound ?? 0,
            AtUpperBound = c?.AtUpperBound ?? 0,
            KishDesignEffect = weights.Length == 0 ? double.NaN : WeightDiagnostics.KishDesignEffect(weights),
            Departments = departmentOf is null ? [] : ByDepartment(outcome.Weights, departmentOf),
        };
    }

    /// <summary>Counts of g in the fixed bins (<see cref="GBins"/> bins of width <see cref="GBinWidth"/>, the last open). NaN values are not counted.</summary>
    public static IReadOnlyList<GBin> Histogram(IReadOnlyList<double> g)
    {
        var counts = new int[GBins];
        foreach (var x in g)
        {
            if (double.IsNaN(x))
            {
                continue;
            }

            // Rounded to 1e-9 first, so that a g of exactly 1.0 computed as 0.9999999999 lands in [1.0, 1.1).
            var bin = (int)Math.Floor(Math.Round(x / GBinWidth, 9));
            counts[Math.Clamp(bin, 0, GBins - 1)]++;
        }

        return counts.Select((n, i) => new GBin(Math.Round(i * GBinWidth, 10), i == GBins - 1 ? null : Math.Round((i + 1) * GBinWidth, 10), n)).ToArray();
    }

    private static DepartmentDiagnostic[] ByDepartment(IReadOnlyList<RespondentWeight> weights, IReadOnlyDictionary<string, string> departmentOf) =>
        weights.GroupBy(w => departmentOf.GetValueOrDefault(w.Id) ?? "?", StringComparer.Ordinal)
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new DepartmentDiagnostic(d.Key, d.Count(), WeightDiagnostics.KishDesignEffect(d.Select(w => w.Weight).ToArray())))
            .ToArray();
}
