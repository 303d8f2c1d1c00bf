using System.Globalization;

namespace VictimSurvey.Core.Weighting;

/// <summary>
/// Finds calibration columns that are linear combinations of earlier ones (beyond the one redundant
/// category per margin already dropped): e.g. a margin repeated, a margin nested in a crossed one,
/// a numeric margin equal to a sum of categories. Cholesky of Σ x x' column by column; a column whose
/// remaining diagonal vanishes depends on the columns before it, and solving for that dependence
/// says which margins are involved.
/// </summary>
internal static class CollinearityCheck
{
    private const double RelativePivotTolerance = 1e-9;

    public static void ThrowIfCollinear(CalibrationProblem problem)
    {
        var p = problem.ColumnCount;
        var gram = new double[p * p];
        var ones = new double[problem.UnitCount];
        Array.Fill(ones, 1.0);
        CrossProducts.AddWeightedGram(problem, ones, gram);

        var lower = new double[p * p]; // Cholesky factor over the independent columns kept so far
        var kept = new List<int>();
        for (var j = 0; j < p; j++)
        {
            // Solve L z = G[kept, j] by forward substitution; residual = G_jj − ‖z‖².
            var z = new double[kept.Count];
            for (var a = 0; a < kept.Count; a++)
            {
                var sum = gram[kept[a] * p + j];
                for (var b = 0; b < a; b++)
                {
                    sum -= lower[a * p + b] * z[b];
                }

                z[a] = sum / lower[a * p + a];
            }

            var residual = gram[j * p + j] - z.Sum(v => v * v);
            if (residual <= RelativePivotTolerance * Math.Max(gram[j * p + j], double.Epsilon))
            {
                throw new WeightingException(Describe(problem, j, kept, z, lower, p));
            }

            var row = kept.Count;
            for (var b = 0; b < row; b++)
            {
                lower[row * p + b] = z[b];
            }

            lower[row * p + row] = Math.Sqrt(residual);
            kept.Add(j);
        }
    }

    private static string Describe(CalibrationProblem problem, int column, List<int> kept, double[] z, double[] lower, int p)
    {
        // Coefficients c with G[kept,kept] c = G[kept, j]: back substitution L' c = z.
        var c = new double[kept.Count];
        for (var a = kept.Count - 1; a >= 0; a--)
        {
            var sum = z[a];
            for (var b = a + 1; b < kept.Count; b++)
            {
                sum -= lower[b * p + a] * c[b];
            }

            c[a] = sum / lower[a * p + a];
        }

        var involved = kept.Where((_, a) => Math.Abs(c[a]) > 1e-6)
            .Select(k => MarginOf(problem, k))
            .Distinct()
            .ToList();
        var own = MarginOf(problem, column);
        var others = involved.Where(m => m != own).ToList();
        var with = others.Count > 0 ? others : involved;
        return string.Create(CultureInfo.InvariantCulture,
            $"Collinear margins: '{problem.ColumnNames[column]}' is a linear combination of margin(s) {string.Join(", ", with.Select(m => $"'{m}'"))}. Remove one of {string.Join(", ", with.Prepend(own).Distinct().Select(m => $"'{m}'"))} (e.g. a margin also contained in a crossed margin).");
    }

    private static string MarginOf(CalibrationProblem problem, int column)
    {
        for (var m = 0; m < problem.Categorical.Count; m++)
        {
            if (Array.IndexOf(problem.ColumnOfCategory[m], column) >= 0)
            {
                return problem.Categorical[m].Name;
            }
        }

        var j = Array.IndexOf(problem.NumericColumn, column);
        return problem.Numeric[j].Name;
    }
}
