using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Variance;

/// <summary>The two parts of a two-phase variance: the sampling phase and the nonresponse phase.</summary>
public readonly record struct TwoPhaseVariance(double Sampling, double Nonresponse)
{
    public double Total => Sampling + Nonresponse;
}

/// <summary>
/// Nonresponse treated as a second phase of sampling: within each response group g, units respond
/// independently (Poisson) with probability p_g, estimated by p̂_g = Σ_{respondents in g} d / Σ_{eligible in g} d —
/// the inverse of the nonresponse adjustment factor.
/// </summary>
/// <remarks>
/// Given each respondent's contribution x = w·e (final weight times calibration residual, as in the
/// one-phase <see cref="LinearizationDesign"/>) and a = d/p̂_g the weight calibration started from:
/// <list type="number">
/// <item>Reweighting within groups is itself a calibration on the groups' counts, so the contribution is
/// centred within its group: ū_g = Σ_{r∩g} x / Σ_{r∩g} a.</item>
/// <item>Sampling phase: the stratified-design variance over the whole sample (respondents,
/// non-respondents and ineligible units, n_h and f_h = n_h/N_h of the sample) of
/// t = x + (d − a)·ū_g for respondents, d·ū_g for eligible non-respondents and 0 for ineligible units.</item>
/// <item>Nonresponse phase (Poisson within groups, Rao's form for a second phase, as in INSEE's gustave):
/// Σ_r d (1 − p̂_g) ((x/a − ū_g)/p̂_g)².</item>
/// </list>
/// Checked against a hand-written R version of the same formula, whose sampling part is R survey's
/// svytotal, and by simulation (tests/…/Estimation/Reference/NonresponsePhase).
/// </remarks>
public sealed class NonresponsePhase
{
    private readonly int[] stratumOfRespondent;
    private readonly int[] groupOfRespondent;
    private readonly double[] designWeight;   // d, per respondent
    private readonly double[] startWeight;    // a = d / p̂_g, per respondent
    private readonly double[] groupStartTotal; // Σ_{r∩g} a
    private readonly double[] groupProbability; // p̂_g
    private readonly (int Stratum, int Group, double SumD, double SumD2)[] nonrespondentCells;
    private readonly Strata strata;           // of the whole sample: n_h and f_h count every sampled unit

    /// <param name="stratumOfRow">The stratum of every sampled unit (respondent or not).</param>
    /// <param name="stratumPopulation">N_h for the finite-population correction, or null for none.</param>
    /// <param name="nonresponse">The adjustment that produced the weights calibration started from.</param>
    /// <param name="respondentRows">The row of each respondent, in the order of the linearization design's units.</param>
    public NonresponsePhase(IReadOnlyList<string> stratumOfRow, IReadOnlyDictionary<string, double>? stratumPopulation, NonresponseResult nonresponse, IReadOnlyList<int> respondentRows)
    {
        var d = nonresponse.DesignWeights;
        var rows = stratumOfRow.Count;
        if (d.Length != rows || nonresponse.GroupOfUnit.Length != rows)
        {
            throw new ArgumentException("The nonresponse adjustment is not over the same rows as the strata.");
        }

        strata = new Strata(stratumOfRow, stratumPopulation, "sampled unit");
        var stratumOfUnit = strata.OfUnit;

        var groups = nonresponse.Groups;
        groupProbability = groups.Select(g => g.RespondentWeight / g.EligibleWeight).ToArray();
        var isRespondent = new bool[rows];
        var n = respondentRows.Count;
        stratumOfRespondent = new int[n];
        groupOfRespondent = new int[n];
        designWeight = new double[n];
        startWeight = new double[n];
        groupStartTotal = new double[groups.Count];
        for (var u = 0; u < n; u++)
        {
            var row = respondentRows[u];
            isRespondent[row] = true;
            var g = nonresponse.GroupOfUnit[row];
            stratumOfRespondent[u] = stratumOfUnit[row];
            groupOfRespondent[u] = g;
            designWeight[u] = d[row];
            startWeight[u] = nonresponse.AdjustedWeights[row];
            groupStartTotal[g] += startWeight[u];
        }

        // Eligible non-respondents enter the sampling phase only through ū_g: Σ d and Σ d² per (stratum, group) suffice.
        var cells = new Dictionary<(int, int), (double SumD, double SumD2)>();
        for (var row = 0; row < rows; row++)
        {
            var g = nonresponse.GroupOfUnit[row];
            if (g < 0 || isRespondent[row])
            {
                continue;
            }

            var key = (stratumOfUnit[row], g);
            var (sumD, sumD2) = cells.GetValueOrDefault(key);
            cells[key] = (sumD + d[row], sumD2 + d[row] * d[row]);
        }

        nonrespondentCells = cells.Select(c => (c.Key.Item1, c.Key.Item2, c.Value.SumD, c.Value.SumD2)).ToArray();
    }

    /// <summary>How many respondents (the units of the linearization design).</summary>
    public int RespondentCount => startWeight.Length;

    /// <summary>The weights calibration started from (d/p̂_g), per respondent.</summary>
    public IReadOnlyList<double> StartWeights => startWeight;

    /// <param name="contributions">x = w·e per respondent, in the design's order (see the class remarks).</param>
    public TwoPhaseVariance Variance(ReadOnlySpan<double> contributions)
    {
        var groupMean = new double[groupStartTotal.Length];
        for (var u = 0; u < contributions.Length; u++)
        {
            groupMean[groupOfRespondent[u]] += contributions[u];
        }

        for (var g = 0; g < groupMean.Length; g++)
        {
            groupMean[g] = groupStartTotal[g] > 0 ? groupMean[g] / groupStartTotal[g] : 0;
        }

        var sum = new double[strata.Size.Length];
        var squares = new double[strata.Size.Length];
        var nonresponse = 0.0;
        for (var u = 0; u < contributions.Length; u++)
        {
            var g = groupOfRespondent[u];
            var t = contributions[u] + (designWeight[u] - startWeight[u]) * groupMean[g];
            sum[stratumOfRespondent[u]] += t;
            squares[stratumOfRespondent[u]] += t * t;

            var p = groupProbability[g];
            var residual = (contributions[u] / startWeight[u] - groupMean[g]) / p;
            nonresponse += designWeight[u] * (1 - p) * residual * residual;
        }

        foreach (var (h, g, sumD, sumD2) in nonrespondentCells)
        {
            sum[h] += groupMean[g] * sumD;
            squares[h] += groupMean[g] * groupMean[g] * sumD2;
        }

        return new TwoPhaseVariance(strata.Variance(sum, squares), nonresponse);
    }
}
