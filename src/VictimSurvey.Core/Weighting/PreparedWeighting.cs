namespace VictimSurvey.Core.Weighting;

/// <summary>
/// A weighting with its input read and checked: <see cref="Weigh"/> runs the numerical steps, on the
/// sample or on a bootstrap replicate of it, without reading the text again. Safe to use from several
/// threads at once (it only reads its own fields).
/// </summary>
public sealed class PreparedWeighting
{
    private readonly WeightingSpec spec;
    private readonly WeightingData data;
    private readonly string[] ids;
    private readonly double[] designWeights;
    private readonly bool[] eligible;
    private readonly bool[] responded;
    private readonly int[] respondents;
    private readonly (IReadOnlyList<CategoricalMargin> Categorical, IReadOnlyList<NumericMargin> Numeric)? margins;
    private readonly GroupMerging.Cells? rhgCells;
    private readonly Func<int, string> describeRow;

    internal PreparedWeighting(WeightingSpec spec, WeightingData data, string[] ids, double[] designWeights, bool[] eligible, bool[] responded, int[] respondents,
        (IReadOnlyList<CategoricalMargin>, IReadOnlyList<NumericMargin>)? margins, GroupMerging.Cells? rhgCells, Func<int, string> describeRow)
    {
        this.rhgCells = rhgCells;
        this.spec = spec;
        this.data = data;
        this.ids = ids;
        this.designWeights = designWeights;
        this.eligible = eligible;
        this.responded = responded;
        this.respondents = respondents;
        this.margins = margins;
        this.describeRow = describeRow;
    }

    /// <summary>The ids of all respondents, in the order of <see cref="Weigh"/>'s weights on the full sample.</summary>
    public IEnumerable<string> RespondentIds => respondents.Select(i => ids[i]);

    /// <param name="replicateFactors">See <see cref="WeightingPipeline.Run"/>.</param>
    public WeightingOutcome Weigh(double[]? replicateFactors = null)
    {
        var (_, rows, d, inSample, nonresponse, startWeights, final, calibration, problem) = Run(replicateFactors, diagnostics: true);
        var weights = new List<RespondentWeight>(rows.Length);
        for (var r = 0; r < rows.Length; r++)
        {
            var i = rows[r];
            weights.Add(new RespondentWeight(ids[i], final[r], d[i], startWeights[r], final[r] / startWeights[r]));
        }

        return new WeightingOutcome(spec.Name, d.Length, inSample.Count(x => x), rows.Length, weights, nonresponse, calibration, problem);
    }

    /// <summary>
    /// A bootstrap replicate's final weights only, written into <paramref name="weightOfRespondent"/> by position
    /// among the respondents of the full sample (0 when not drawn): what the replicate estimates need, without
    /// building a <see cref="RespondentWeight"/> per respondent or the calibration diagnostics hundreds of times.
    /// </summary>
    /// <returns>The calibration result (null without calibration): the weights must not be used when it did not converge.</returns>
    internal CalibrationResult? WeighReplicate(double[] replicateFactors, double[] weightOfRespondent)
    {
        var (positions, _, _, _, _, _, final, calibration, _) = Run(replicateFactors, diagnostics: false);
        Array.Clear(weightOfRespondent);
        for (var r = 0; r < positions.Length; r++)
        {
            weightOfRespondent[positions[r]] = final[r];
        }

        return calibration;
    }

    /// <summary>What the numerical steps produced; Positions and Rows: the weighted respondents among all respondents and among all rows.</summary>
    private readonly record struct Steps(int[] Positions, int[] Rows, double[] D, bool[] InSample, NonresponseResult? Nonresponse,
        double[] StartWeights, double[] Final, CalibrationResult? Calibration, CalibrationProblem? Problem);

    private Steps Run(double[]? replicateFactors, bool diagnostics)
    {
        var n = designWeights.Length;
        var d = (double[])designWeights.Clone();
        var inSample = (bool[])eligible.Clone();
        var answered = (bool[])responded.Clone();
        if (replicateFactors is not null)
        {
            for (var i = 0; i < n; i++)
            {
                if (replicateFactors[i] > 0)
                {
                    d[i] *= replicateFactors[i];
                }
                else
                {
                    inSample[i] = answered[i] = false; // not drawn in this replicate
                }
            }
        }

        var nonresponse = spec.Nonresponse is { } nr ? WeightingPipeline.AdjustForNonresponse(nr, data, d, inSample, answered, describeRow, rhgCells) : null;

        // The replicate's respondents, as positions among all respondents (whose margins were built once).
        var count = 0;
        foreach (var i in respondents)
        {
            count += answered[i] ? 1 : 0;
        }

        if (count == 0)
        {
            throw new WeightingException($"{data.Source}: no respondent to weight.");
        }

        var positions = new int[count];
        var rows = new int[count];
        var startWeights = new double[count];
        var adjusted = nonresponse?.AdjustedWeights;
        for (int u = 0, r = 0; u < respondents.Length; u++)
        {
            var i = respondents[u];
            if (answered[i])
            {
                positions[r] = u;
                rows[r] = i;
                startWeights[r++] = adjusted?[i] ?? d[i];
            }
        }

        CalibrationResult? calibration = null;
        CalibrationProblem? problem = null;
        var final = startWeights;
        if (spec.Calibration is { } cal)
        {
            var (categorical, numeric) = margins!.Value;
            var subset = count == respondents.Length ? (categorical, numeric) : (Subset(categorical, positions), Subset(numeric, positions));
            (calibration, problem) = WeightingPipeline.Calibrate(spec, cal, subset, startWeights, u => describeRow(rows[u]), diagnostics);
            final = calibration.Weights;
        }

        return new Steps(positions, rows, d, inSample, nonresponse, startWeights, final, calibration, problem);
    }

    private static List<CategoricalMargin> Subset(IReadOnlyList<CategoricalMargin> margins, int[] positions)
    {
        var subset = new List<CategoricalMargin>(margins.Count);
        foreach (var m in margins)
        {
            var categories = new int[positions.Length];
            for (var r = 0; r < positions.Length; r++)
            {
                categories[r] = m.CategoryOfUnit[positions[r]];
            }

            subset.Add(m with { CategoryOfUnit = categories });
        }

        return subset;
    }

    private static List<NumericMargin> Subset(IReadOnlyList<NumericMargin> margins, int[] positions)
    {
        var subset = new List<NumericMargin>(margins.Count);
        foreach (var m in margins)
        {
            var values = new double[positions.Length];
            for (var r = 0; r < positions.Length; r++)
            {
                values[r] = m.Values[positions[r]];
            }

            subset.Add(m with { Values = values });
        }

        return subset;
    }
}
