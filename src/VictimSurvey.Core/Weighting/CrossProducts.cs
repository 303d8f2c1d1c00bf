namespace VictimSurvey.Core.Weighting;

/// <summary>
/// Σ_i c_i x_i x_i' and Σ_i c_i x_i for the sparse calibration variables: each unit touches one column
/// per categorical margin plus the numeric columns, so a unit costs (margins + numerics)² updates
/// instead of p², and nothing of size n × p is ever formed.
/// </summary>
internal static class CrossProducts
{
    /// <summary>Adds Σ c_i x_i x_i' into <paramref name="matrix"/> (full symmetric p × p, row-major).</summary>
    public static void AddWeightedGram(CalibrationProblem problem, ReadOnlySpan<double> c, double[] matrix)
    {
        var p = problem.ColumnCount;
        var stride = problem.CategoricalCount;
        var numeric = problem.Numeric;
        var numericColumn = problem.NumericColumn;
        var unitColumns = problem.UnitColumns;
        Span<int> cols = stackalloc int[stride + numeric.Count];
        Span<double> vals = stackalloc double[stride + numeric.Count];
        for (var i = 0; i < c.Length; i++)
        {
            var weight = c[i];
            if (weight == 0)
            {
                continue;
            }

            var count = 0;
            for (var m = 0; m < stride; m++)
            {
                var column = unitColumns[i * stride + m];
                if (column >= 0)
                {
                    cols[count] = column;
                    vals[count++] = 1;
                }
            }

            for (var j = 0; j < numeric.Count; j++)
            {
                cols[count] = numericColumn[j];
                vals[count++] = numeric[j].Values[i];
            }

            for (var a = 0; a < count; a++)
            {
                var row = cols[a] * p;
                var wa = weight * vals[a];
                for (var b = 0; b < count; b++)
                {
                    matrix[row + cols[b]] += wa * vals[b];
                }
            }
        }
    }

    /// <summary>Σ w_i x_i: the weighted sample totals of the calibration columns.</summary>
    public static double[] Totals(CalibrationProblem problem, ReadOnlySpan<double> w)
    {
        var totals = new double[problem.ColumnCount];
        var stride = problem.CategoricalCount;
        var unitColumns = problem.UnitColumns;
        for (var i = 0; i < w.Length; i++)
        {
            for (var m = 0; m < stride; m++)
            {
                var column = unitColumns[i * stride + m];
                if (column >= 0)
                {
                    totals[column] += w[i];
                }
            }
        }

        for (var j = 0; j < problem.Numeric.Count; j++)
        {
            var values = problem.Numeric[j].Values;
            var sum = 0.0;
            for (var i = 0; i < w.Length; i++)
            {
                sum += w[i] * values[i];
            }

            totals[problem.NumericColumn[j]] = sum;
        }

        return totals;
    }

    /// <summary>u_i = x_i'λ for every unit.</summary>
    public static void Project(CalibrationProblem problem, ReadOnlySpan<double> lambda, Span<double> u)
    {
        var stride = problem.CategoricalCount;
        var unitColumns = problem.UnitColumns;
        for (var i = 0; i < u.Length; i++)
        {
            var sum = 0.0;
            for (var m = 0; m < stride; m++)
            {
                var column = unitColumns[i * stride + m];
                if (column >= 0)
                {
                    sum += lambda[column];
                }
            }

            u[i] = sum;
        }

        for (var j = 0; j < problem.Numeric.Count; j++)
        {
            var values = problem.Numeric[j].Values;
            var l = lambda[problem.NumericColumn[j]];
            for (var i = 0; i < u.Length; i++)
            {
                u[i] += l * values[i];
            }
        }
    }
}
