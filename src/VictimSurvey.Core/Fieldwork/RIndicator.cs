using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Fieldwork;

/// <summary>A partial R-indicator for one category of a variable.</summary>
/// <param name="Unconditional">P_U(Z,k) = √(N̂_k/N̂)·(ρ̄_k − ρ̄): signed, negative when the category is under-represented.</param>
/// <param name="Conditional">P_C(Z,k) = √(Σ_{i∈k} d_i (ρ_i − ρ̄_{l(i)})² / (N̂ − 1)): not signed.</param>
/// <param name="EstimatedSize">N̂_k = Σ_{i∈k} d_i.</param>
/// <param name="MeanPropensity">ρ̄_k, the design-weighted mean propensity in the category.</param>
public sealed record CategoryPartialR(string Category, double Unconditional, double Conditional, double EstimatedSize, double MeanPropensity);

/// <summary>Variable-level partial R-indicators and their categories (sorted by category, ordinal).</summary>
/// <param name="Unconditional">P_U(Z) = √(Σ_k N̂_k (ρ̄_k − ρ̄)² / (N̂ − 1)), the between-category standard deviation.</param>
/// <param name="Conditional">P_C(Z) = √(Σ_l Σ_{i∈l} d_i (ρ_i − ρ̄_l)² / (N̂ − 1)), the within-cell standard deviation, cells l being the cross-classification of the other variables.</param>
public sealed record PartialRIndicator(string Variable, double Unconditional, double Conditional, IReadOnlyList<CategoryPartialR> Categories);

/// <summary>The R-indicator and its partials.</summary>
/// <param name="R">R = 1 − 2·S(ρ̂).</param>
/// <param name="StandardDeviation">S(ρ̂), design-weighted, divisor N̂ − 1.</param>
/// <param name="Propensities">ρ̂ per unit, as used.</param>
public sealed record RIndicatorResult(
    double R,
    double StandardDeviation,
    double MeanPropensity,
    double EstimatedPopulation,
    IReadOnlyList<PartialRIndicator> Partials,
    double[] Propensities);

/// <summary>
/// Representativeness indicators of the response: the R-indicator (Schouten, Cobben &amp; Bethlehem
/// 2009, "Indicators for the representativeness of survey response", Survey Methodology 35(1),
/// 101–113) and the partial R-indicators (Schouten, Shlomo &amp; Skinner 2011, "Indicators for
/// monitoring and improving representativeness of response", Journal of Official Statistics 27(2),
/// 231–253).
/// </summary>
/// <remarks>
/// Over the eligible sampled units i with design weights d_i and estimated response propensities ρ̂_i:
/// N̂ = Σ d_i, ρ̄ = Σ d_i ρ̂_i / N̂, S²(ρ̂) = Σ d_i (ρ̂_i − ρ̄)² / (N̂ − 1) (the divisor N̂ − 1, as in
/// Schouten et al. 2009), R = 1 − 2·S(ρ̂). R = 1 when every propensity is equal; R ≥ 0 always since
/// S ≤ 1/2. The partial indicators decompose the variance: between the categories of a variable
/// (unconditional) or within the cells of the other variables (conditional: what the variable adds
/// once the others are accounted for). When N̂ ≤ 1 the standard deviations are NaN. No standard error
/// or bias adjustment is computed (the 2009 paper's bias-adjusted R is left out).
/// </remarks>
public static class RIndicator
{
    /// <summary>The indicators for given propensities.</summary>
    /// <param name="designWeights">d_i for every eligible sampled unit.</param>
    /// <param name="propensities">ρ̂_i for the same units.</param>
    /// <param name="variables">The variables for the partial indicators (age group, sex, department): a category for every unit.</param>
    public static RIndicatorResult FromPropensities(
        double[] designWeights,
        double[] propensities,
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> variables)
    {
        var n = designWeights.Length;
        if (propensities.Length != n || variables.Any(v => v.Values.Count != n))
        {
            throw new ArgumentException("Design weights, propensities and every variable must have one value per unit.");
        }

        var total = designWeights.Sum();
        var mean = WeightedMean(designWeights, propensities, Enumerable.Range(0, n));
        var divisor = total - 1;
        var sumOfSquares = Enumerable.Range(0, n).Sum(i => designWeights[i] * Square(propensities[i] - mean));
        var s = Sd(sumOfSquares, divisor);

        var partials = new List<PartialRIndicator>();
        for (var v = 0; v < variables.Count; v++)
        {
            var (name, values) = variables[v];
            var others = variables.Where((_, j) => j != v).Select(o => o.Values).ToList();
            string CellOf(int i) => string.Join('\u001f', others.Select(o => o[i]));

            var cellMean = Enumerable.Range(0, n).GroupBy(CellOf, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => WeightedMean(designWeights, propensities, g), StringComparer.Ordinal);
            var within = new double[n];
            for (var i = 0; i < n; i++)
            {
                within[i] = designWeights[i] * Square(propensities[i] - cellMean[CellOf(i)]);
            }

            var categories = Enumerable.Range(0, n).GroupBy(i => values[i], StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var size = g.Sum(i => designWeights[i]);
                    var categoryMean = WeightedMean(designWeights, propensities, g);
                    return new CategoryPartialR(
                        g.Key,
                        Math.Sqrt(size / total) * (categoryMean - mean),
                        Sd(g.Sum(i => within[i]), divisor),
                        size,
                        categoryMean);
                })
                .ToList();

            var between = categories.Sum(c => c.EstimatedSize * Square(c.MeanPropensity - mean));
            partials.Add(new PartialRIndicator(name, Sd(between, divisor), Sd(within.Sum(), divisor), categories));
        }

        return new RIndicatorResult(1 - 2 * s, s, mean, total, partials, propensities);
    }

    /// <summary>
    /// Estimates the propensities by a design-weighted logistic regression of response on the
    /// variables (main effects, as categories; <see cref="LogisticResponseModel"/>, the same model as
    /// R's <c>glm(family = quasibinomial, weights = d)</c>), then computes the indicators.
    /// </summary>
    /// <param name="responded">Whether each eligible unit responded (1.1, or 1.1 and 1.2: the caller's choice, to be stated with the figure).</param>
    /// <exception cref="WeightingException">The model cannot be fitted (collinear variables, a category with only respondents or only non-respondents).</exception>
    public static RIndicatorResult Estimate(
        double[] designWeights,
        bool[] responded,
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> variables)
    {
        var n = designWeights.Length;
        var input = new NonresponseInput(designWeights, Enumerable.Repeat(true, n).ToArray(), responded, i => $"unit {i + 1}");
        var fit = LogisticResponseModel.Fit(input, variables, []);
        return FromPropensities(designWeights, fit.Propensities, variables);
    }

    /// <summary>
    /// The same indicators as <see cref="Estimate"/> for categorical variables, computed on the cells
    /// of their cross-classification: within a cell every unit has the same covariates, hence the same
    /// fitted propensity, so the weighted log-likelihood and every weighted sum of the indicators only
    /// need, per cell, Σ d over respondents and Σ d over non-respondents. The units are replaced by at
    /// most two pseudo-units per cell (respondents, non-respondents) weighted by those sums; R, S, ρ̄,
    /// N̂ and the partials are exactly those of <see cref="Estimate"/> on the eligible units (to
    /// rounding). <see cref="RIndicatorResult.Propensities"/> are then per pseudo-unit. Cost: one pass
    /// over the units, then work on the cells only (age × sex × department: about 1,400 cells for
    /// 200,000 persons).
    /// </summary>
    /// <param name="eligible">Units to include (the eligible sampled units); the others are ignored.</param>
    /// <param name="cells">The cells of <paramref name="variables"/> (<see cref="Cells.Of"/>), computed once when the same units are used again; null to compute them here.</param>
    /// <exception cref="WeightingException">The model cannot be fitted: a category with only respondents or only non-respondents (named, found before fitting), collinear variables.</exception>
    public static RIndicatorResult EstimateByCells(
        double[] designWeights,
        bool[] eligible,
        bool[] responded,
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> variables,
        Cells? cells = null)
    {
        var n = designWeights.Length;
        if (eligible.Length != n || responded.Length != n || variables.Any(v => v.Values.Count != n))
        {
            throw new ArgumentException("Design weights, eligibility, response and every variable must have one value per unit.");
        }

        cells ??= Cells.Of(variables);
        var respondentWeight = new double[cells.Count];
        var nonRespondentWeight = new double[cells.Count];
        for (var i = 0; i < n; i++)
        {
            if (!eligible[i])
            {
                continue;
            }

            if (responded[i])
            {
                respondentWeight[cells.CellOf[i]] += designWeights[i];
            }
            else
            {
                nonRespondentWeight[cells.CellOf[i]] += designWeights[i];
            }
        }

        var weights = new List<double>();
        var response = new List<bool>();
        var units = new List<int>();
        for (var c = 0; c < cells.Count; c++)
        {
            foreach (var (weight, y) in new[] { (respondentWeight[c], true), (nonRespondentWeight[c], false) })
            {
                if (weight > 0)
                {
                    weights.Add(weight);
                    response.Add(y);
                    units.Add(cells.Representative[c]);
                }
            }
        }

        // Complete separation is certain when a category has only respondents or only non-respondents:
        // say which one at once rather than let the model run to its iteration limit.
        foreach (var (name, values) in variables)
        {
            var byLevel = new Dictionary<string, (double Respondents, double Others)>(StringComparer.Ordinal);
            for (var c = 0; c < cells.Count; c++)
            {
                if (respondentWeight[c] + nonRespondentWeight[c] > 0)
                {
                    var level = values[cells.Representative[c]];
                    var (r, o) = byLevel.GetValueOrDefault(level);
                    byLevel[level] = (r + respondentWeight[c], o + nonRespondentWeight[c]);
                }
            }

            foreach (var (level, (r, o)) in byLevel.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                if (r == 0 || o == 0)
                {
                    throw new WeightingException($"The response model cannot be fitted: {name} {level} has {(r == 0 ? "no respondent" : "only respondents")}.");
                }
            }
        }

        var pseudoVariables = variables
            .Select(v => (v.Name, (IReadOnlyList<string>)units.Select(i => v.Values[i]).ToList()))
            .ToList();
        var d = weights.ToArray();
        var input = new NonresponseInput(d, Enumerable.Repeat(true, d.Length).ToArray(), response.ToArray(),
            k => $"cell {string.Join(" × ", variables.Select(v => v.Name + " " + v.Values[units[k]]))}");
        var fit = LogisticResponseModel.Fit(input, pseudoVariables, []);
        return FromPropensities(d, fit.Propensities, pseudoVariables);
    }

    /// <summary>The cells of a cross-classification: the cell of each unit, and one unit of each cell.</summary>
    public sealed class Cells
    {
        private Cells(int[] cellOf, int[] representative)
        {
            CellOf = cellOf;
            Representative = representative;
        }

        public int[] CellOf { get; }

        public int[] Representative { get; }

        public int Count => Representative.Length;

        public static Cells Of(IReadOnlyList<(string Name, IReadOnlyList<string> Values)> variables)
        {
            var n = variables.Count == 0 ? 0 : variables[0].Values.Count;
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var cellOf = new int[n];
            var representative = new List<int>();
            for (var i = 0; i < n; i++)
            {
                var key = string.Join('\u001f', variables.Select(v => v.Values[i]));
                if (!index.TryGetValue(key, out var cell))
                {
                    cell = representative.Count;
                    index[key] = cell;
                    representative.Add(i);
                }

                cellOf[i] = cell;
            }

            return new Cells(cellOf, representative.ToArray());
        }
    }

    private static double WeightedMean(double[] d, double[] x, IEnumerable<int> units)
    {
        double sum = 0, weight = 0;
        foreach (var i in units)
        {
            sum += d[i] * x[i];
            weight += d[i];
        }

        return weight == 0 ? double.NaN : sum / weight;
    }

    private static double Sd(double sumOfSquares, double divisor) => divisor <= 0 ? double.NaN : Math.Sqrt(sumOfSquares / divisor);

    private static double Square(double x) => x * x;
}
