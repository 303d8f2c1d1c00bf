using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace VictimSurvey.Core.Weighting;

/// <summary>
/// Calibration (Deville &amp; Särndal 1992; CALMAR): w_i = d_i·F(x_i'λ) with λ such that Σ w_i x_i = X.
/// </summary>
/// <remarks>
/// Newton's method from λ = 0 on the calibration equations, Jacobian J = Σ d_i F'(x_i'λ) x_i x_i'
/// accumulated sparsely (<see cref="CrossProducts"/>), solved by Cholesky. A step is halved while it
/// does not reduce the largest relative margin error. Converged when
/// max_j |X̂_j − X_j| / (1 + |X_j|) &lt; tolerance — a test on the margins, not on the step (as R
/// survey's <c>grake</c>). Linear calibration converges in one step. The weights are the unique
/// solution, so they agree with R's <c>survey::calibrate</c> (same F, same bounds) to the tolerance.
/// Failure to converge is a result, not an exception: for bounded methods it reports the g range
/// reached and the range a linear calibration needs, from which feasible bounds follow.
/// </remarks>
public static class Calibrator
{
    private const int MaxStepHalvings = 30;

    public static CalibrationResult Calibrate(CalibrationProblem problem, CalibrationOptions options) => Calibrate(problem, options, diagnostics: true);

    /// <param name="diagnostics">
    /// False for bootstrap replicates, where only the weights and whether they converged are used: the result then
    /// has no g-weights, margins table or g distribution (sorting n g-weights per replicate was a fifth of its weighting).
    /// </param>
    internal static CalibrationResult Calibrate(CalibrationProblem problem, CalibrationOptions options, bool diagnostics)
    {
        var bounds = CheckOptions(options);
        var n = problem.UnitCount;
        var p = problem.ColumnCount;
        var d = problem.DesignWeights;
        var targets = problem.ColumnTotals;

        var lambda = new double[p];
        var u = new double[n];
        var w = new double[n];
        var derivative = new double[n];
        var errors = new List<double>();
        var error = Evaluate(problem, options.Method, bounds, lambda, u, w, derivative, out var totals);
        errors.Add(error);
        string? failure = null;
        var iterations = 0;

        while (error >= options.Tolerance)
        {
            if (iterations == options.MaxIterations)
            {
                failure = string.Create(CultureInfo.InvariantCulture,
                    $"No convergence after {options.MaxIterations} iterations (largest relative margin error {error:G3}).");
                break;
            }

            iterations++;
            var step = NewtonStep(problem, derivative, totals, targets);
            if (step is null)
            {
                failure = "The calibration equations became singular (every unit of some margin category is at a bound).";
                break;
            }

            // Step-halving: take the largest step 1, 1/2, 1/4… that reduces the largest margin error.
            var accepted = false;
            var trial = new double[p];
            var scale = 1.0;
            for (var h = 0; h <= MaxStepHalvings; h++, scale /= 2)
            {
                for (var j = 0; j < p; j++)
                {
                    trial[j] = lambda[j] + scale * step[j];
                }

                var trialError = Evaluate(problem, options.Method, bounds, trial, u, w, derivative, out var trialTotals);
                if (trialError < error || trialError < options.Tolerance)
                {
                    Array.Copy(trial, lambda, p);
                    totals = trialTotals;
                    error = trialError;
                    accepted = true;
                    break;
                }
            }

            errors.Add(error);
            if (!accepted)
            {
                Evaluate(problem, options.Method, bounds, lambda, u, w, derivative, out totals);
                failure = string.Create(CultureInfo.InvariantCulture,
                    $"No step reduces the margin error any more (largest relative margin error {error:G3}).");
                break;
            }
        }

        var bounded = options.Method is CalibrationMethod.Logit or CalibrationMethod.Truncated;
        if (!diagnostics && failure is null)
        {
            return Lean(problem, w, iterations, errors);
        }

        var g = new double[n];
        for (var i = 0; i < n; i++)
        {
            g[i] = w[i] / d[i];
        }

        if (failure is not null && bounded)
        {
            failure += " " + BoundsAdvice(problem, bounds, g);
        }
        else if (failure is not null && errors.Count >= 2 && errors[^1] < errors[^2])
        {
            failure += string.Create(CultureInfo.InvariantCulture, $" The error was still decreasing: allow more iterations (max_iterations, now {options.MaxIterations}).");
        }

        return Summarise(problem, w, g, bounded ? bounds : null, iterations, errors, failure);
    }

    /// <summary>Applies F at λ: fills u, w, F'(u); returns the largest relative margin error and the totals Σ w x.</summary>
    private static double Evaluate(CalibrationProblem problem, CalibrationMethod method, GBounds bounds, double[] lambda, double[] u, double[] w, double[] derivative, out double[] totals)
    {
        CrossProducts.Project(problem, lambda, u);
        var d = problem.DesignWeights;
        for (var i = 0; i < u.Length; i++)
        {
            w[i] = d[i] * CalibrationFunction.Evaluate(method, bounds, u[i], out var f);
            derivative[i] = d[i] * f;
        }

        totals = CrossProducts.Totals(problem, w);
        return MaxRelativeError(totals, problem.ColumnTotals);
    }

    private static double MaxRelativeError(double[] totals, double[] targets)
    {
        var max = 0.0;
        for (var j = 0; j < totals.Length; j++)
        {
            max = Math.Max(max, Math.Abs(totals[j] - targets[j]) / (1 + Math.Abs(targets[j])));
        }

        return max;
    }

    /// <summary>Solves J Δ = X − X̂ with J = Σ d F'(u) x x'; null when J is singular.</summary>
    private static double[]? NewtonStep(CalibrationProblem problem, double[] weightedDerivative, double[] totals, double[] targets)
    {
        var p = problem.ColumnCount;
        var jacobian = new double[p * p];
        CrossProducts.AddWeightedGram(problem, weightedDerivative, jacobian);
        var matrix = Matrix<double>.Build.Dense(p, p, jacobian); // symmetric: row- and column-major agree
        var rhs = Vector<double>.Build.Dense(p, j => targets[j] - totals[j]);
        try
        {
            var cholesky = matrix.Cholesky();
            var step = cholesky.Solve(rhs).ToArray();
            return step.All(double.IsFinite) ? step : null;
        }
        catch (ArgumentException)
        {
            return null; // not positive definite
        }
    }

    private static GBounds CheckOptions(CalibrationOptions options)
    {
        if (!(options.Tolerance > 0) || options.MaxIterations < 1)
        {
            throw new WeightingException("Calibration needs a positive tolerance and at least one iteration.");
        }

        switch (options.Method)
        {
            case CalibrationMethod.Logit or CalibrationMethod.Truncated when options.Bounds is null:
                throw new WeightingException($"Calibration method {Name(options.Method)} needs bounds [L, U] on g = w/d, with L < 1 < U.");
            case CalibrationMethod.Logit or CalibrationMethod.Truncated:
                var b = options.Bounds!.Value;
                if (!(b.Lower < 1 && b.Upper > 1 && b.Lower >= 0))
                {
                    throw new WeightingException($"Bounds {b} on g = w/d must satisfy 0 ≤ L < 1 < U.");
                }

                return b;
            case CalibrationMethod.Linear or CalibrationMethod.Raking when options.Bounds is not null:
                throw new WeightingException($"Bounds apply to the 'logit' and 'truncated' methods; with '{Name(options.Method)}' use trimming to cap the weights.");
            default:
                return new GBounds(double.NegativeInfinity, double.PositiveInfinity);
        }
    }

    public static string Name(CalibrationMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>The g range that unbounded linear calibration needs: bounds must contain it (strictly for logit).</summary>
    private static string BoundsAdvice(CalibrationProblem problem, GBounds bounds, double[] g)
    {
        var reached = GDistribution.Of(g);
        var linear = Calibrate(problem, new CalibrationOptions(CalibrationMethod.Linear));
        var needed = linear.GDistribution;
        if (needed.Min <= 0)
        {
            // Bounds on positive g cannot be read off a fit that needs negative ones.
            return string.Create(CultureInfo.InvariantCulture,
                $"With bounds {bounds} the g-weights reached [{reached.Min:0.####}, {reached.Max:0.####}]; an unbounded linear calibration would need g in [{needed.Min:0.####}, {needed.Max:0.####}], negative for some units: these margins ask for very large adjustments. Check the margins against the sample (the margins table below), merge sparse categories, or widen the upper bound a lot.");
        }

        var suggestLower = Math.Floor(Math.Min(needed.Min, bounds.Lower) * 0.9 * 100) / 100;
        var suggestUpper = Math.Ceiling(Math.Max(needed.Max, bounds.Upper) * 1.1 * 100) / 100;
        return string.Create(CultureInfo.InvariantCulture,
            $"With bounds {bounds} the g-weights reached [{reached.Min:0.####}, {reached.Max:0.####}]; an unbounded linear calibration needs g in [{needed.Min:0.####}, {needed.Max:0.####}]. Bounds that contain that range are feasible, e.g. [{Math.Max(0, suggestLower):0.##}, {suggestUpper:0.##}].");
    }

    /// <summary>A converged result with the weights only (see the diagnostics parameter of <see cref="Calibrate(CalibrationProblem, CalibrationOptions, bool)"/>).</summary>
    internal static CalibrationResult Lean(CalibrationProblem problem, double[] w, int iterations, List<double> errors) => new()
    {
        Converged = true,
        Iterations = iterations,
        MaxMarginErrorByIteration = errors,
        Weights = w,
        G = [],
        Margins = [],
        GDistribution = GDistribution.Of([]),
        AtLowerBound = 0,
        AtUpperBound = 0,
        NegativeWeights = 0,
        KishDesignEffect = double.NaN,
        Notes = problem.Notes,
    };

    internal static CalibrationResult Summarise(CalibrationProblem problem, double[] w, double[] g, GBounds? bounds, int iterations, List<double> errors, string? failure)
    {
        var atLower = 0;
        var atUpper = 0;
        if (bounds is { } b)
        {
            const double onBound = 1e-9;
            atLower = g.Count(x => x <= b.Lower + onBound);
            atUpper = g.Count(x => x >= b.Upper - onBound);
        }

        return new CalibrationResult
        {
            Converged = failure is null,
            Iterations = iterations,
            MaxMarginErrorByIteration = errors,
            Weights = w,
            G = g,
            Margins = MarginChecks(problem, w),
            GDistribution = GDistribution.Of(g),
            AtLowerBound = atLower,
            AtUpperBound = atUpper,
            NegativeWeights = w.Count(x => x < 0),
            KishDesignEffect = WeightDiagnostics.KishDesignEffect(w),
            Failure = failure,
            Notes = problem.Notes,
        };
    }

    /// <summary>Every category of every margin (dropped redundant ones included), before and after.</summary>
    internal static IReadOnlyList<MarginCheck> MarginChecks(CalibrationProblem problem, double[] w)
    {
        var d = problem.DesignWeights;
        var checks = new List<MarginCheck>();
        foreach (var margin in problem.Categorical)
        {
            var before = new double[margin.Categories.Count];
            var after = new double[margin.Categories.Count];
            for (var i = 0; i < w.Length; i++)
            {
                before[margin.CategoryOfUnit[i]] += d[i];
                after[margin.CategoryOfUnit[i]] += w[i];
            }

            for (var k = 0; k < margin.Categories.Count; k++)
            {
                checks.Add(new MarginCheck(margin.Name, margin.Categories[k], margin.Totals[k], before[k], after[k]));
            }
        }

        foreach (var margin in problem.Numeric)
        {
            double before = 0, after = 0;
            for (var i = 0; i < w.Length; i++)
            {
                before += d[i] * margin.Values[i];
                after += w[i] * margin.Values[i];
            }

            checks.Add(new MarginCheck(margin.Name, "", margin.Total, before, after));
        }

        return checks;
    }
}
