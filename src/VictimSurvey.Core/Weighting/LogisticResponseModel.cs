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
        var columns = new List<double[]> { units.Select(_ => 1.0).ToArray() };

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
            foreach (var level in levels.Skip(1))
            {
                terms.Add(name + level);
                columns.Add(units.Select(i => values[i] == level ? 1.0 : 0.0).ToArray());
            }
        }

        foreach (var (name, values) in numeric)
        {
            var column = new double[units.Length];
            for (var r = 0; r < units.Length; r++)
            {
                if (!double.TryParse(values[units[r]], NumberStyles.Float, CultureInfo.InvariantCulture, out column[r]) || !double.IsFinite(column[r]))
                {
                    throw new WeightingException($"{input.DescribeUnit(units[r])}, column '{name}': '{values[units[r]]}' is not a number (numeric response model covariate).");
                }
            }

            terms.Add(name);
            columns.Add(column);
        }

        var x = Matrix<double>.Build.DenseOfColumnArrays(columns);
        var y = units.Select(i => input.Responded[i] ? 1.0 : 0.0).ToArray();
        var d = units.Select(i => input.DesignWeights[i]).ToArray();
        var (beta, iterations) = Irls(x, y, d, terms);

        var eta = x * beta;
        var propensities = new double[input.DesignWeights.Length];
        Array.Fill(propensities, double.NaN);
        for (var r = 0; r < units.Length; r++)
        {
            propensities[units[r]] = Logistic(eta[r]);
        }

        return new LogisticFit(propensities, terms.Select((t, j) => (t, beta[j])).ToList(), iterations);
    }

    private static (Vector<double> Beta, int Iterations) Irls(Matrix<double> x, double[] y, double[] d, List<string> terms)
    {
        var p = x.ColumnCount;
        var beta = Vector<double>.Build.Dense(p);
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            var eta = x * beta;
            var weights = new double[y.Length];
            var working = new double[y.Length];
            for (var i = 0; i < y.Length; i++)
            {
                var mu = Logistic(eta[i]);
                var variance = Math.Max(mu * (1 - mu), 1e-300);
                weights[i] = d[i] * variance;
                working[i] = eta[i] + (y[i] - mu) / variance;
            }

            var xtw = x.Transpose().PointwiseMultiply(Matrix<double>.Build.DenseOfRowArrays(Enumerable.Repeat(weights, p)));
            var information = xtw * x;
            Vector<double> next;
            try
            {
                next = information.Cholesky().Solve(xtw * Vector<double>.Build.DenseOfArray(working));
            }
            catch (ArgumentException)
            {
                throw new WeightingException($"The response model cannot be fitted: its covariates are collinear or a level has no unit ({string.Join(", ", terms.Skip(1))}).");
            }

            if (!next.All(double.IsFinite))
            {
                throw new WeightingException("The response model does not converge (complete separation: some covariate level has only respondents or only non-respondents).");
            }

            var change = (next - beta).AbsoluteMaximum();
            beta = next;
            if (change < Tolerance * (1 + beta.AbsoluteMaximum()))
            {
                return (beta, iteration);
            }
        }

        throw new WeightingException($"The response model did not converge in {MaxIterations} iterations (separation? a covariate level with only respondents or only non-respondents).");
    }

    private static double Logistic(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));
}
