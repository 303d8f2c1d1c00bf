using MathNet.Numerics.LinearAlgebra;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Variance;

/// <summary>
/// Linearization variances of many sparse linearized variables at once (see <see cref="Estimation.BatchEstimation"/>).
/// </summary>
internal static class StratumSums
{
    /// <summary>The linearized variables, unit by unit: the columns where unit i is non-zero and its values there.</summary>
    public interface ISparseColumns
    {
        int ColumnCount { get; }

        /// <summary>The largest number of non-zero columns of one unit.</summary>
        int MaxPerUnit { get; }

        /// <summary>Writes unit i's non-zero columns and values; returns how many.</summary>
        int Fill(int unit, Span<int> columns, Span<double> values);
    }

    public static double[] Variances(LinearizationDesign design, ISparseColumns unitColumns)
    {
        var columns = unitColumns.ColumnCount;
        var n = design.UnitCount;
        var strata = design.StratumLabels.Count;
        var w = design.Weights;
        var sum = new double[strata * columns];     // Σ_{i∈h} w z
        var squares = new double[strata * columns]; // Σ_{i∈h} (w z)²

        var calibration = design.Calibration;
        double[]? b = null;
        if (calibration is not null)
        {
            b = ResidualFit(design, calibration, unitColumns);
        }

        var cross = calibration is null ? null : new double[strata * columns]; // Σ_{i∈h} w² z f
        var width = calibration is null ? 0 : calibration.CategoricalCount + calibration.Numeric.Count;

        // Units of different strata write to different rows: strata are shared out between the cores.
        var unitsOfStratum = Enumerable.Range(0, strata).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < n; i++)
        {
            unitsOfStratum[design.StratumOfUnit[i]].Add(i);
        }

        Parallel.For(0, strata, () => (Ks: new int[unitColumns.MaxPerUnit], Zs: new double[unitColumns.MaxPerUnit], F: new double[unitColumns.MaxPerUnit], Xs: new (int Column, double Value)[width]), (h, _, buffers) =>
        {
            var row = h * columns;
            foreach (var i in unitsOfStratum[h])
            {
                var wi = w[i];
                var nonZero = unitColumns.Fill(i, buffers.Ks, buffers.Zs);
                for (var c = 0; c < nonZero; c++)
                {
                    var wz = wi * buffers.Zs[c];
                    sum[row + buffers.Ks[c]] += wz;
                    squares[row + buffers.Ks[c]] += wz * wz;
                }

                if (b is null)
                {
                    continue;
                }

                // f_ik = x_i'B_k for the unit's columns, one calibration column at a time (contiguous in b).
                var count = XOf(calibration!, i, buffers.Xs);
                Array.Clear(buffers.F, 0, nonZero);
                for (var a = 0; a < count; a++)
                {
                    var bRow = buffers.Xs[a].Column * columns;
                    var x = buffers.Xs[a].Value;
                    for (var c = 0; c < nonZero; c++)
                    {
                        buffers.F[c] += x * b[bRow + buffers.Ks[c]];
                    }
                }

                for (var c = 0; c < nonZero; c++)
                {
                    cross![row + buffers.Ks[c]] += wi * wi * buffers.Zs[c] * buffers.F[c];
                }
            }

            return buffers;
        }, _ => { });

        if (calibration is not null)
        {
            // Dense part over (stratum, x) cells: Σ w f and Σ w² f² for every column; columns are shared out between the cores.
            var cells = Cells(design, calibration, width).ToArray();
            var chunk = Math.Max(64, columns / (4 * Environment.ProcessorCount));
            Parallel.For(0, (columns + chunk - 1) / chunk, part =>
            {
                var first = part * chunk;
                var last = Math.Min(columns, first + chunk);
                foreach (var cell in cells)
                {
                    var row = cell.Stratum * columns;
                    for (var k = first; k < last; k++)
                    {
                        var f = 0.0;
                        foreach (var (column, x) in cell.X)
                        {
                            f += x * b![column * columns + k];
                        }

                        sum[row + k] -= cell.SumW * f;
                        squares[row + k] += cell.SumW2 * f * f;
                    }
                }
            });

            // Σ (w(z − f))² = Σ w²z² − 2 Σ w²zf + Σ w²f²: the middle term, accumulated sparsely above.
            for (var a = 0; a < cross!.Length; a++)
            {
                squares[a] -= 2 * cross[a];
            }
        }

        var variance = new double[columns];
        for (var h = 0; h < strata; h++)
        {
            var factor = design.FpcFactor[h];
            var size = design.StratumSize[h];
            for (var k = 0; k < columns; k++)
            {
                var s = sum[h * columns + k];
                variance[k] += factor * Math.Max(squares[h * columns + k] - s * s / size, 0);
            }
        }

        return variance;
    }

    /// <summary>B = (Σ d x x')⁻¹ Σ d x z for every column, as a p × K row-major array.</summary>
    internal static double[] ResidualFit(LinearizationDesign design, CalibrationProblem calibration, ISparseColumns unitColumns)
    {
        var p = calibration.ColumnCount;
        var columns = unitColumns.ColumnCount;
        var n = design.UnitCount;
        var ks = new int[unitColumns.MaxPerUnit];
        var zs = new double[unitColumns.MaxPerUnit];
        var xtdz = new double[p * columns];
        var xs = new (int Column, double Value)[calibration.CategoricalCount + calibration.Numeric.Count];
        var d = calibration.DesignWeights;
        for (var i = 0; i < n; i++)
        {
            var count = XOf(calibration, i, xs);
            var di = d[i];
            var nonZero = unitColumns.Fill(i, ks, zs);
            for (var a = 0; a < count; a++)
            {
                var row = xs[a].Column * columns;
                var dx = di * xs[a].Value;
                for (var c = 0; c < nonZero; c++)
                {
                    xtdz[row + ks[c]] += dx * zs[c];
                }
            }
        }

        // B = G⁻¹ (X'DZ): row r of B is Σ_s G⁻¹[r,s] · row s of X'DZ — contiguous rows, vectorised.
        var inverse = design.CalibrationGramInverse!;
        var b = new double[p * columns];
        var lanes = System.Numerics.Vector<double>.Count;
        Parallel.For(0, p, r =>
        {
            var target = b.AsSpan(r * columns, columns);
            for (var t = 0; t < p; t++)
            {
                var g = inverse[r * p + t];
                if (g == 0)
                {
                    continue;
                }

                var source = xtdz.AsSpan(t * columns, columns);
                var scale = new System.Numerics.Vector<double>(g);
                var c = 0;
                for (; c <= columns - lanes; c += lanes)
                {
                    (new System.Numerics.Vector<double>(target[c..]) + scale * new System.Numerics.Vector<double>(source[c..])).CopyTo(target[c..]);
                }

                for (; c < columns; c++)
                {
                    target[c] += g * source[c];
                }
            }
        });

        return b;
    }

    internal static int XOf(CalibrationProblem calibration, int i, (int Column, double Value)[] xs)
    {
        var count = 0;
        var stride = calibration.CategoricalCount;
        for (var m = 0; m < stride; m++)
        {
            var column = calibration.UnitColumns[i * stride + m];
            if (column >= 0)
            {
                xs[count++] = (column, 1);
            }
        }

        for (var m = 0; m < calibration.Numeric.Count; m++)
        {
            xs[count++] = (calibration.NumericColumn[m], calibration.Numeric[m].Values[i]);
        }

        return count;
    }

    private sealed class KeyComparer : IEqualityComparer<long[]>
    {
        public bool Equals(long[]? x, long[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(long[] key)
        {
            var hash = new HashCode();
            foreach (var part in key)
            {
                hash.Add(part);
            }

            return hash.ToHashCode();
        }
    }

    private sealed record Cell(int Stratum, (int Column, double Value)[] X)
    {
        public double SumW { get; set; }
        public double SumW2 { get; set; }
    }

    /// <summary>Units grouped by stratum and calibration vector x, with Σ w and Σ w².</summary>
    private static IEnumerable<Cell> Cells(LinearizationDesign design, CalibrationProblem calibration, int width)
    {
        var cells = new Dictionary<long[], Cell>(new KeyComparer());
        var xs = new (int Column, double Value)[width];
        for (var i = 0; i < design.UnitCount; i++)
        {
            var count = XOf(calibration, i, xs);
            var key = new long[1 + 2 * count];
            key[0] = design.StratumOfUnit[i];
            for (var a = 0; a < count; a++)
            {
                key[1 + 2 * a] = xs[a].Column;
                key[2 + 2 * a] = BitConverter.DoubleToInt64Bits(xs[a].Value);
            }

            if (!cells.TryGetValue(key, out var cell))
            {
                cell = new Cell(design.StratumOfUnit[i], xs[..count].ToArray());
                cells.Add(key, cell);
            }

            cell.SumW += design.Weights[i];
            cell.SumW2 += design.Weights[i] * design.Weights[i];
        }

        return cells.Values;
    }
}
