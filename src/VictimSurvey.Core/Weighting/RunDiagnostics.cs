using VictimSurvey.Core.Estimation;

namespace VictimSurvey.Core.Weighting;

/// <summary>One bin of the g histogram: lower ≤ g &lt; upper (upper is null for the open last bin of runs stored with the former fixed bins).</summary>
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

    /// <summary>The g histogram's range (largest minus smallest g) spans at most this many bin widths: about 12 to 30 bins.</summary>
    public const int MaxGBins = 30;

    /// <summary>The bin width used when every g is the same value.</summary>
    public const double SingleValueGBinWidth = 0.01;

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

    /// <summary>
    /// Counts of g in bins that follow the data: a round width (1, 2 or 5 × 10^k, the smallest such that the range
    /// is at most <see cref="MaxGBins"/> widths) from a multiple of it at or below the smallest g to past the largest, so
    /// g in [0.942, 1.088] gives 30 bins of 0.005 from 0.940. Every bin is [lower, upper). NaN and infinite
    /// values are not counted; no finite value gives no bin. (Runs stored before this rule have 41 fixed
    /// bins of 0.1 from 0, the last open: they read and show as stored.)
    /// </summary>
    public static IReadOnlyList<GBin> Histogram(IReadOnlyList<double> g)
    {
        var values = g.Where(double.IsFinite).ToArray();
        if (values.Length == 0)
        {
            return [];
        }

        var min = values.Min();
        var max = values.Max();
        var width = RoundWidth((max - min) / MaxGBins);
        // Rounded to 1e-9 first, so that a g of exactly 1.0 computed as 0.9999999999 lands in the bin from 1.0.
        var start = Math.Floor(Math.Round(min / width, 9)) * width;
        var bins = Math.Max(1, (int)Math.Floor(Math.Round((max - start) / width, 9)) + 1);
        var counts = new int[bins];
        foreach (var x in values)
        {
            var bin = (int)Math.Floor(Math.Round((x - start) / width, 9));
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }

        return counts.Select((n, i) => new GBin(Math.Round(start + i * width, 10), Math.Round(start + (i + 1) * width, 10), n)).ToArray();
    }

    /// <summary>The smallest of 1, 2, 5 × 10^k that is at least <paramref name="least"/> (<see cref="SingleValueGBinWidth"/> for 0).</summary>
    private static double RoundWidth(double least)
    {
        if (!(least > 0))
        {
            return SingleValueGBinWidth;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(least)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * power >= least * (1 - 1e-12))
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static DepartmentDiagnostic[] ByDepartment(IReadOnlyList<RespondentWeight> weights, IReadOnlyDictionary<string, string> departmentOf) =>
        weights.GroupBy(w => departmentOf.GetValueOrDefault(w.Id) ?? "?", StringComparer.Ordinal)
            .OrderBy(d => d.Key, DomainOrder.Instance)
            .Select(d => new DepartmentDiagnostic(d.Key, d.Count(), WeightDiagnostics.KishDesignEffect(d.Select(w => w.Weight).ToArray())))
            .ToArray();
}
