using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace VictimSurvey.Core.Weighting;

/// <summary>A fitted response model: propensity per unit (NaN for units left out) and coefficients by term.</summary>
public sealed record LogisticFit(double[] Propensities, IReadOnlyList<(string Term, double Estimate)> Coefficients, int Iterations);

/// <summary>
/// Logistic regression of response on frame covariates over the eligible sampled units, weighted by
/// the design weights: maximises Σ d_i [y_i log p_i + (1 − y_i) log(1 − p_i)] with logit(p) = x'β.
/// The same estimates as R's <c>glm(y ~ …, family = quasibinomial, weights = d)</c>.
/// </summary>
/// <remarks>
/// Categorical covariates enter as treatment-coded dummies (reference = first level in ordinal order),
/// numeric ones as they are, with an intercept. Fitted by iteratively reweighted least squares from
/// β = 0 until the largest change in β is below 1e-12 (at most 100 iterations). Propensities do not
/// depend on which level is the reference.
/// </remarks>
public static class LogisticResponseModel
{
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-12;

    /// <param name="categorical">Covariates taken as categories: name and values for every unit.</param>
    /// <param name="numeric">Covariates taken as numbers: name and values (as text) for every unit.</param>
    public static LogisticFit Fit(
        NonresponseInput input,
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> categorical,
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> numeric)
    {
        var units = Enumerable.Range(0, input.DesignWeights.Length).Where(i => input.Eligible[i]).ToArray();
        var terms = new List<string> { "(Intercept)" };

        // Sparse rows: every unit has the intercept, one dummy per categorical covariate (none at the
        // reference level) and the numeric values — a few non-zeros out of p terms.
        var width = 1 + categorical.Count + numeric.Count;
        var termOf = new int[units.Length * width];
        var valueOf = new double[units.Length * width];
        var filled = new int[units.Length];
        for (var r = 0; r < units.Length; r++)
        {
            termOf[r * width] = 0;
            valueOf[r * width] = 1;
            filled[r] = 1;
        }

        foreach (var (name, values) in categorical)
        {
            foreach (var i in units)
            {
                if (string.IsNullOrEmpty(values[i]))
                {
                    throw new WeightingException($"{input.DescribeUnit(i)}, column '{name}': missing value (response model covariate).");
                }
            }

            var levels = units.Select(i => values[i]).Distinct().Order(StringComparer.Ordinal).ToList();
            var termOfLevel = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var level in levels.Skip(1))
            {
                termOfLevel[level] = terms.Count;
                terms.Add(name + level);
            }

            for (var r = 0; r < units.Length; r++)
            {
                if (termOfLevel.TryGetValue(values[units[r]], out var term))
                {
                    termOf[r * width + filled[r]] = term;
                    valueOf[r * width + filled[r]++] = 1;
                }
            }
        }

        foreach (var (name, values) in numeric)
        {
            var term = terms.Count;
            terms.Add(name);
            for (var r = 0; r < units.Length; r++)
            {
                if (!double.TryParse(values[units[r]], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                {
                    throw new WeightingException($"{input.DescribeUnit(units[r])}, column '{name}': '{values[units[r]]}' is not a number (numeric response model covariate).");
                }

                termOf[r * width + filled[r]] = term;
                valueOf[r * width + filled[r]++] = x;
            }
        }

        var rows = new SparseRows(width, termOf, valueOf, filled);
        var y = units.Select(i => input.Responded[i] ? 1.0 : 0.0).ToArray();
        var d = units.Select(i => input.DesignWeights[i]).ToArray();
        var (beta, iterations) = Irls(rows, terms.Count, y, d, terms);

        var propensities = new double[input.DesignWeights.Length];
        Array.Fill(propensities, double.NaN);
        for (var r = 0; r < units.Length; r++)
        {
            propensities[units[r]] = Logistic(rows.Dot(r, beta));
        }

        return new LogisticFit(propensities, terms.Select((t, j) => (t, beta[j])).ToList(), iterations);
    }

    private sealed record SparseRows(int Width, int[] Term, double[] Value, int[] Count)
    {
        public double Dot(int r, double[] beta)
        {
            var sum = 0.0;
            for (var a = 0; a < Count[r]; a++)
            {
                sum += Value[r * Width + a] * beta[Term[r * Width + a]];
            }

            return sum;
        }
    }

    /// <summary>Newton–Raphson (IRLS) with X'WX and X'W(η + (y − μ)/v) accumulated row by row from the sparse rows.</summary>
    private static (double[] Beta, int Iterations) Irls(SparseRows rows, int p, double[] y, double[] d, List<string> terms)
    {
        var beta = new double[p];
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            var information = new double[p * p];
            var score = new double[p];
            for (var r = 0; r < y.Length; r++)
            {
                var eta = rows.Dot(r, beta);
                var mu = Logistic(eta);
                var variance = Math.Max(mu * (1 - mu), 1e-300);
                var weight = d[r] * variance;
                var working = weight * (eta + (y[r] - mu) / variance);
                var offset = r * rows.Width;
                for (var a = 0; a < rows.Count[r]; a++)
                {
                    var ta = rows.Term[offset + a];
                    var va = rows.Value[offset + a];
                    score[ta] += va * working;
                    for (var b = 0; b < rows.Count[r]; b++)
                    {
                        information[ta * p + rows.Term[offset + b]] += weight * va * rows.Value[offset + b];
                    }
                }
            }

            double[] next;
            try
            {
                next = Matrix<double>.Build.Dense(p, p, information).Cholesky().Solve(Vector<double>.Build.DenseOfArray(score)).ToArray();
            }
            catch (ArgumentException)
            {
                throw new WeightingException($"The response model cannot be fitted: its covariates are collinear or a level has no unit ({string.Join(", ", terms.Skip(1))}).");
            }

            if (!next.All(double.IsFinite))
            {
                throw new WeightingException("The response model does not converge (complete separation: some covariate level has only respondents or only non-respondents).");
            }

            var change = next.Zip(beta, (u, v) => Math.Abs(u - v)).Max();
            beta = next;
            if (change < Tolerance * (1 + beta.Max(Math.Abs)))
            {
                return (beta, iteration);
            }
        }

        throw new WeightingException($"The response model did not converge in {MaxIterations} iterations (separation? a covariate level with only respondents or only non-respondents).");
    }

    private static double Logistic(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));
}
