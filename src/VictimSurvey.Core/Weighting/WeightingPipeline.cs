using System.Globalization;

namespace VictimSurvey.Core.Weighting;

/// <summary>One respondent's weights: final w, design d, after nonresponse adjustment, and g = w / nonresponse weight.</summary>
public sealed record RespondentWeight(string Id, double Weight, double DesignWeight, double NonresponseWeight, double G);

/// <summary>Everything a weighting produced: weights per respondent and the diagnostics of each step.</summary>
public sealed record WeightingOutcome(
    string SpecName,
    int SampledUnits,
    int EligibleUnits,
    int Respondents,
    IReadOnlyList<RespondentWeight> Weights,
    NonresponseResult? Nonresponse,
    CalibrationResult? Calibration,
    CalibrationProblem? CalibrationProblem = null)
{
    /// <summary>False when calibration or trimming did not converge: the weights must not be used.</summary>
    public bool Succeeded => Calibration is null || Calibration.Converged;
}

/// <summary>
/// The whole weighting of one file: design weights → nonresponse adjustment (optional) →
/// calibration (optional) → trimming (optional). Pure: the caller reads the files and writes the results.
/// </summary>
public static class WeightingPipeline
{
    /// <param name="replicateFactors">
    /// For a bootstrap replicate: a factor per row multiplying its design weight; rows with factor 0 are
    /// not in the replicate's sample (left out of the nonresponse adjustment and the calibration). The
    /// whole weighting is then redone on the replicate, as the variance of the final weights requires.
    /// </param>
    public static WeightingOutcome Run(WeightingSpec spec, WeightingData data, double[]? replicateFactors = null) =>
        Prepare(spec, data).Weigh(replicateFactors);

    /// <summary>Reads and checks everything once (ids, weights, flags, margins), so that many replicates can be weighed from it.</summary>
    public static PreparedWeighting Prepare(WeightingSpec spec, WeightingData data)
    {
        var n = data.RowCount;
        var ids = data.RequiredColumn(spec.Input.Id, "input.id");
        string DescribeRow(int r) => $"{data.Source}, row {data.Lines[r]} (id {ids[r]})";

        CheckIds(ids, data);
        var d = DesignWeights(spec.Input, data, DescribeRow);
        var eligible = spec.Input.Eligible is { } e ? ParseFlags(data.RequiredColumn(e, "input.eligible"), e, DescribeRow) : Filled(n, true);
        var responded = spec.Input.Response is { } r ? ParseFlags(data.RequiredColumn(r, "input.response"), r, DescribeRow) : Filled(n, true);
        for (var i = 0; i < n; i++)
        {
            if (responded[i] && !eligible[i])
            {
                throw new WeightingException($"{DescribeRow(i)}: column '{spec.Input.Response}' says responded but '{spec.Input.Eligible}' says not eligible.");
            }
        }

        var respondents = Enumerable.Range(0, n).Where(i => responded[i]).ToArray();
        if (respondents.Length == 0)
        {
            throw new WeightingException($"{data.Source}: no respondent to weight.");
        }

        if (spec.Calibration is null && spec.Trimming is not null)
        {
            throw new WeightingException("Trimming needs a calibration section: the weights are recalibrated after capping.");
        }

        (IReadOnlyList<CategoricalMargin>, IReadOnlyList<NumericMargin>)? margins = null;
        if (spec.Calibration is { } cal)
        {
            IReadOnlyList<string>? RespondentColumn(string name) =>
                data.Column(name) is { } values ? respondents.Select(i => values[i]).ToArray() : null;
            margins = MarginsBuilder.Build(respondents.Length, RespondentColumn, cal.Margins, cal.MarginsSource, u => DescribeRow(respondents[u]));
        }

        return new PreparedWeighting(spec, data, ids, d, eligible, responded, respondents, margins, RhgCells(spec, data, eligible, DescribeRow), DescribeRow);
    }

    internal static (CalibrationResult Result, CalibrationProblem Problem) Calibrate(WeightingSpec spec, CalibrationSpec cal,
        (IReadOnlyList<CategoricalMargin> Categorical, IReadOnlyList<NumericMargin> Numeric) margins, double[] startWeights, Func<int, string> describeUnit,
        bool diagnostics = true)
    {
        var problem = CalibrationProblem.Create(startWeights, margins.Categorical, margins.Numeric, describeUnit);
        var options = new CalibrationOptions(cal.Method, cal.Bounds, cal.Tolerance, cal.MaxIterations);
        var result = spec.Trimming is { } trim
            ? Trimming.CalibrateAndTrim(problem, options, trim.Bounds, trim.MaxRounds, diagnostics)
            : Calibrator.Calibrate(problem, options, diagnostics);
        return (result, problem);
    }

    /// <param name="rhgCells">For response-homogeneity groups, the cells built once by <see cref="RhgCells"/> (replicates reuse them); null builds them here.</param>
    internal static NonresponseResult AdjustForNonresponse(NonresponseSpec nr, WeightingData data, double[] d, bool[] eligible, bool[] responded, Func<int, string> describeRow,
        GroupMerging.Cells? rhgCells = null)
    {
        var input = new NonresponseInput(d, eligible, responded, describeRow);
        if (rhgCells is not null)
        {
            return NonresponseAdjustment.ResponseHomogeneityGroups(input, rhgCells, nr.Groups.Count, nr.MinRespondents);
        }

        var groups = nr.Groups.Select(g => (IReadOnlyList<string>)data.RequiredColumn(g, "a nonresponse variable")).ToList();
        if (nr.Method == NonresponseMethod.Rhg)
        {
            if (nr.Numeric.Count > 0)
            {
                throw new WeightingException("nonresponse.numeric applies to the logistic method only.");
            }

            return NonresponseAdjustment.ResponseHomogeneityGroups(input, nr.Groups, groups, nr.MinRespondents);
        }

        var numeric = nr.Numeric.Select(c => (c, (IReadOnlyList<string>)data.RequiredColumn(c, "a numeric nonresponse covariate"))).ToList();
        var fit = LogisticResponseModel.Fit(input, nr.Groups.Zip(groups).ToList(), numeric);
        return NonresponseAdjustment.PropensityClasses(input, fit, nr.Classes, nr.MinRespondents);
    }

    /// <summary>
    /// The response-homogeneity cells of every eligible unit, for a spec whose nonresponse adjustment uses
    /// them (null otherwise): what every replicate would otherwise group again from the values.
    /// </summary>
    private static GroupMerging.Cells? RhgCells(WeightingSpec spec, WeightingData data, bool[] eligible, Func<int, string> describeRow)
    {
        if (spec.Nonresponse is not { Method: NonresponseMethod.Rhg, Numeric.Count: 0 } nr)
        {
            return null;
        }

        var values = nr.Groups.Select(g => (IReadOnlyList<string>)data.RequiredColumn(g, "a nonresponse variable")).ToList();
        return GroupMerging.Group(NonresponseAdjustment.GroupKeys(eligible, describeRow, nr.Groups, values), nr.Groups.Count);
    }

    private static void CheckIds(string[] ids, WeightingData data)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < ids.Length; r++)
        {
            if (ids[r].Length == 0)
            {
                throw new WeightingException($"{data.Source}, row {data.Lines[r]}: empty id.");
            }

            if (!seen.TryAdd(ids[r], r))
            {
                throw new WeightingException($"{data.Source}, rows {data.Lines[seen[ids[r]]]} and {data.Lines[r]}: the same id '{ids[r]}'.");
            }
        }
    }

    /// <summary>d = the given weight, or 1/π; times 1/π₂ for a second phase.</summary>
    private static double[] DesignWeights(InputColumns input, WeightingData data, Func<int, string> describeRow)
    {
        double[] d;
        if (input.DesignWeight is { } weightColumn)
        {
            d = ParseDesignWeights(data.RequiredColumn(weightColumn, "input.design_weight"), weightColumn, data, describeRow);
        }
        else
        {
            var column = input.InclusionProbability ?? throw new WeightingException("The spec needs input.design_weight or input.inclusion_probability.");
            d = ParseProbabilities(data.RequiredColumn(column, "input.inclusion_probability"), column, describeRow).Select(p => 1 / p).ToArray();
        }

        if (input.SecondPhaseProbability is { } phase2)
        {
            var p2 = ParseProbabilities(data.RequiredColumn(phase2, "input.second_phase_probability"), phase2, describeRow);
            for (var i = 0; i < d.Length; i++)
            {
                d[i] /= p2[i];
            }
        }

        return d;
    }

    private static double[] ParseProbabilities(string[] values, string column, Func<int, string> describeRow)
    {
        var p = new double[values.Length];
        for (var r = 0; r < values.Length; r++)
        {
            if (!double.TryParse(values[r], NumberStyles.Float, CultureInfo.InvariantCulture, out p[r]) || !(p[r] > 0 && p[r] <= 1))
            {
                throw new WeightingException($"{describeRow(r)}, column '{column}': '{values[r]}' is not a probability in (0, 1].");
            }
        }

        return p;
    }

    private static double[] ParseDesignWeights(string[] values, string column, WeightingData data, Func<int, string> describeRow)
    {
        var d = new double[values.Length];
        var bad = new List<string>();
        for (var r = 0; r < values.Length; r++)
        {
            if (!double.TryParse(values[r], NumberStyles.Float, CultureInfo.InvariantCulture, out d[r]) || !double.IsFinite(d[r]) || d[r] <= 0)
            {
                bad.Add($"{describeRow(r)}: '{values[r]}'");
            }
        }

        if (bad.Count > 0)
        {
            throw new WeightingException($"Column '{column}': {bad.Count} design weight(s) missing, non-numeric, zero or negative — {string.Join("; ", bad.Take(10))}{(bad.Count > 10 ? "; …" : "")}.");
        }

        return d;
    }

    private static bool[] ParseFlags(string[] values, string column, Func<int, string> describeRow)
    {
        var flags = new bool[values.Length];
        for (var r = 0; r < values.Length; r++)
        {
            flags[r] = values[r] switch
            {
                "1" or "true" or "TRUE" or "True" => true,
                "0" or "false" or "FALSE" or "False" => false,
                _ => throw new WeightingException($"{describeRow(r)}, column '{column}': '{values[r]}' is not 0 or 1."),
            };
        }

        return flags;
    }

    private static bool[] Filled(int n, bool value)
    {
        var flags = new bool[n];
        Array.Fill(flags, value);
        return flags;
    }
}
