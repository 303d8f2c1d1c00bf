using System.Globalization;

namespace VictimSurvey.Core.Weighting;

/// <summary>Caps on the final weights: on g = w/d, on the weights themselves, or both.</summary>
public sealed record TrimmingBounds(GBounds? G = null, double? MinWeight = null, double? MaxWeight = null)
{
    internal double Lower(double d) => Math.Max(G is { } g ? g.Lower * d : double.NegativeInfinity, MinWeight ?? double.NegativeInfinity);

    internal double Upper(double d) => Math.Min(G is { } g ? g.Upper * d : double.PositiveInfinity, MaxWeight ?? double.PositiveInfinity);
}

/// <summary>
/// Trimming: cap extreme weights, then recalibrate so that the margins still hold; repeat until both hold.
/// </summary>
/// <remarks>
/// Each round sets the weights outside the caps to the cap they crossed and freezes those units; the
/// other units are calibrated again from their own d (same method and options) to the population
/// totals minus what the frozen units already contribute. The loop ends when no free unit is outside
/// the caps (success), or when the remaining units cannot reach the remaining totals, or after
/// <c>maxRounds</c> rounds (failure, reported on the result with the weights of the last round).
/// </remarks>
public static class Trimming
{
    private const double OnCap = 1e-9;

    public static CalibrationResult CalibrateAndTrim(CalibrationProblem problem, CalibrationOptions options, TrimmingBounds caps, int maxRounds = 50) =>
        CalibrateAndTrim(problem, options, caps, maxRounds, diagnostics: true);

    /// <param name="diagnostics">False for bootstrap replicates: the same weights, without the g-weights, margins table and counts at the caps.</param>
    internal static CalibrationResult CalibrateAndTrim(CalibrationProblem problem, CalibrationOptions options, TrimmingBounds caps, int maxRounds, bool diagnostics)
    {
        var n = problem.UnitCount;
        var d = problem.DesignWeights;
        var lower = new double[n];
        var upper = new double[n];
        for (var i = 0; i < n; i++)
        {
            lower[i] = caps.Lower(d[i]);
            upper[i] = caps.Upper(d[i]);
            if (lower[i] > upper[i])
            {
                throw new WeightingException(string.Create(CultureInfo.InvariantCulture, $"Trimming bounds are empty for unit {i + 1}: lower cap {lower[i]:R} above upper cap {upper[i]:R}."));
            }
        }

        var first = Calibrator.Calibrate(problem, options, diagnostics);
        if (!first.Converged)
        {
            return first;
        }

        var w = (double[])first.Weights.Clone();
        var frozen = new bool[n];
        var errors = new List<double>(first.MaxMarginErrorByIteration);
        var iterations = first.Iterations;
        var notes = new List<string>(first.Notes);
        for (var round = 1; round <= maxRounds; round++)
        {
            var capped = 0;
            for (var i = 0; i < n; i++)
            {
                if (frozen[i])
                {
                    continue;
                }

                if (w[i] < lower[i] * (1 - OnCap) || w[i] > upper[i] * (1 + OnCap))
                {
                    w[i] = Math.Clamp(w[i], lower[i], upper[i]);
                    frozen[i] = true;
                    capped++;
                }
            }

            if (capped == 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Trimming: {frozen.Count(f => f)} weight(s) capped in {round - 1} round(s)."));
                return diagnostics
                    ? Finish(problem, w, errors, iterations, null, notes, frozen, lower, upper)
                    : Calibrator.Lean(problem, w, iterations, errors) with { Notes = notes };
            }

            var free = Enumerable.Range(0, n).Where(i => !frozen[i]).ToArray();
            CalibrationResult rest;
            try
            {
                rest = Calibrator.Calibrate(SubProblem(problem, free, w, frozen), options, diagnostics);
            }
            catch (WeightingException ex)
            {
                return Finish(problem, w, errors, iterations, $"Trimming cannot keep the margins: after capping {frozen.Count(f => f)} weight(s), {ex.Message}", notes, frozen, lower, upper);
            }

            iterations += rest.Iterations;
            errors.AddRange(rest.MaxMarginErrorByIteration.Skip(1));
            for (var r = 0; r < free.Length; r++)
            {
                w[free[r]] = rest.Weights[r];
            }

            if (!rest.Converged)
            {
                return Finish(problem, w, errors, iterations, $"Trimming cannot keep the margins: recalibration after capping {frozen.Count(f => f)} weight(s) failed. {rest.Failure}", notes, frozen, lower, upper);
            }
        }

        return Finish(problem, w, errors, iterations, $"Trimming did not settle in {maxRounds} rounds: the caps and the margins cannot both hold; widen the caps.", notes, frozen, lower, upper);
    }

    /// <summary>The free units, calibrated from their own d to the totals left once the frozen weights are counted.</summary>
    private static CalibrationProblem SubProblem(CalibrationProblem problem, int[] free, double[] w, bool[] frozen)
    {
        var categorical = problem.Categorical.Select(m =>
        {
            var totals = (double[])m.Totals.Clone();
            for (var i = 0; i < w.Length; i++)
            {
                if (frozen[i])
                {
                    totals[m.CategoryOfUnit[i]] -= w[i];
                }
            }

            for (var k = 0; k < totals.Length; k++)
            {
                // What rounding leaves of a category fully taken by frozen units.
                if (Math.Abs(totals[k]) <= 1e-9 * (1 + Math.Abs(m.Totals[k])))
                {
                    totals[k] = 0;
                }
                else if (totals[k] < 0)
                {
                    throw new WeightingException(string.Create(CultureInfo.InvariantCulture,
                        $"the capped weights of margin '{m.Name}', category '{m.Categories[k]}' already exceed its population total by {-totals[k]:F1}: the caps are too tight for these margins; widen them."));
                }
            }

            return m with { CategoryOfUnit = free.Select(i => m.CategoryOfUnit[i]).ToArray(), Totals = totals };
        }).ToList();
        var numeric = problem.Numeric.Select(m =>
        {
            var total = m.Total;
            for (var i = 0; i < w.Length; i++)
            {
                if (frozen[i])
                {
                    total -= w[i] * m.Values[i];
                }
            }

            return m with { Values = free.Select(i => m.Values[i]).ToArray(), Total = total };
        }).ToList();
        return CalibrationProblem.Create(free.Select(i => problem.DesignWeights[i]).ToArray(), categorical, numeric);
    }

    private static CalibrationResult Finish(CalibrationProblem problem, double[] w, List<double> errors, int iterations, string? failure, List<string> notes, bool[] frozen, double[] lower, double[] upper)
    {
        var g = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            g[i] = w[i] / problem.DesignWeights[i];
        }

        var margins = Calibrator.MarginChecks(problem, w);
        errors.Add(margins.Max(m => m.RelativeError));
        return Calibrator.Summarise(problem, w, g, null, iterations, errors, failure) with
        {
            Notes = notes,
            AtLowerBound = Enumerable.Range(0, w.Length).Count(i => frozen[i] && w[i] <= lower[i]),
            AtUpperBound = Enumerable.Range(0, w.Length).Count(i => frozen[i] && w[i] >= upper[i]),
        };
    }
}
