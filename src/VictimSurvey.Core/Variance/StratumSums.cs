using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Variance;

/// <summary>
/// Linearization variances of many sparse linearized variables at once (see <see cref="Estimation.BatchEstimation"/>).
/// </summary>
internal static class StratumSums
{
    /// <summary>
    /// The linearized variables, unit by unit: a unit is non-zero only in a few blocks of contiguous columns
    /// (one block per domain partition: its domain's indicators), so every sum below runs over whole blocks
    /// with vector instructions.
    /// </summary>
    public interface ISparseColumns
    {
        int ColumnCount { get; }

        /// <summary>Blocks per unit.</summary>
        int BlockCount { get; }

        /// <summary>Columns per block.</summary>
        int BlockWidth { get; }

        /// <summary>Writes unit i's values in its block q (<see cref="BlockWidth"/> of them); returns the block's first column.</summary>
        int Fill(int unit, int block, Span<double> values);
    }

    // The loops below are compiled fully optimised at once ([MethodImpl(AggressiveOptimization)]): they run once or a
    // few times per process, too few for tiered compilation to replace their first, unoptimised code.
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

        var blocks = unitColumns.BlockCount;
        var blockWidth = unitColumns.BlockWidth;
        Parallel.For(0, strata, () => (Z: new double[blockWidth], F: new double[blockWidth], Xs: new (int Column, double Value)[width]), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (h, _, buffers) =>
        {
            var row = h * columns;
            foreach (var i in unitsOfStratum[h])
            {
                var wi = w[i];
                var count = b is null ? 0 : XOf(calibration!, i, buffers.Xs);
                for (var q = 0; q < blocks; q++)
                {
                    var k0 = unitColumns.Fill(i, q, buffers.Z);
                    BlockSums.AddWeighted(wi, buffers.Z, sum.AsSpan(row + k0, blockWidth), squares.AsSpan(row + k0, blockWidth));
                    if (b is null)
                    {
                        continue;
                    }

                    // f_ik = x_i'B_k for the block's columns, one calibration column at a time (contiguous in b).
                    Array.Clear(buffers.F);
                    for (var a = 0; a < count; a++)
                    {
                        BlockSums.AddScaled(buffers.Xs[a].Value, b!.AsSpan(buffers.Xs[a].Column * columns + k0, blockWidth), buffers.F);
                    }

                    BlockSums.AddCross(wi * wi, buffers.Z, buffers.F, cross!.AsSpan(row + k0, blockWidth));
                }
            }

            return buffers;
        }, _ => { });

        if (calibration is not null)
        {
            // Dense part over (stratum, x) cells: Σ w f and Σ w² f² for every column; columns are shared out between the cores.
            var cells = Cells(design, calibration, width);
            var chunk = Math.Max(64, columns / (4 * Environment.ProcessorCount));
            Parallel.For(0, (columns + chunk - 1) / chunk, () => new double[chunk], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (part, _, f) =>
            {
                var first = part * chunk;
                var length = Math.Min(columns, first + chunk) - first;
                var fs = f.AsSpan(0, length);
                foreach (var cell in cells)
                {
                    var row = cell.Stratum * columns + first;
                    fs.Clear();
                    foreach (var (column, x) in cell.X)
                    {
                        BlockSums.AddScaled(x, b!.AsSpan(column * columns + first, length), fs);
                    }

                    BlockSums.AddCell(cell.SumW, cell.SumW2, fs, sum.AsSpan(row, length), squares.AsSpan(row, length));
                }

                return f;
            }, _ => { });

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
        var xtdz = new double[p * columns];
        var d = calibration.DesignWeights;
        var width = unitColumns.BlockWidth;

        // Block q of every unit only touches the columns of partition q: the blocks are shared out between the
        // cores, each summing its columns over the units in order.
        Parallel.For(0, unitColumns.BlockCount, () => (Z: new double[width], Xs: new (int Column, double Value)[calibration.CategoricalCount + calibration.Numeric.Count]), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (q, _, buffers) =>
        {
            for (var i = 0; i < n; i++)
            {
                var count = XOf(calibration, i, buffers.Xs);
                var di = d[i];
                var k0 = unitColumns.Fill(i, q, buffers.Z);
                for (var a = 0; a < count; a++)
                {
                    BlockSums.AddScaled(di * buffers.Xs[a].Value, buffers.Z, xtdz.AsSpan(buffers.Xs[a].Column * columns + k0, width));
                }
            }

            return buffers;
        }, _ => { });

        // B = G⁻¹ (X'DZ): b[r, k] = Σ_t G⁻¹[r, t] · X'DZ[t, k], summed over t in order in a vector register, four
        // columns at a time. By tiles of columns, so that the tile of X'DZ (p × 128) stays in the core's cache
        // while every row r of B is computed from it; tiles are shared out between the cores.
        var inverse = design.CalibrationGramInverse!;
        var b = new double[p * columns];
        const int Tile = 128;
        Parallel.For(0, (columns + Tile - 1) / Tile, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (tile) =>
        {
            var first = tile * Tile;
            var last = Math.Min(columns, first + Tile);
            for (var r = 0; r < p; r++)
            {
                BlockSums.Combine(inverse.AsSpan(r * p, p), xtdz, columns, first, last, b.AsSpan(r * columns));
            }
        });

        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    private sealed record Cell(int Stratum, (int Column, double Value)[] X)
    {
        public double SumW { get; set; }
        public double SumW2 { get; set; }
    }

    /// <summary>Units grouped by stratum and calibration vector x (cells in order of first unit), with Σ w and Σ w².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<Cell> Cells(LinearizationDesign design, CalibrationProblem calibration, int width)
    {
        // Keyed by a representative unit, compared on its stratum and its row of calibration columns and values:
        // no key is allocated per unit.
        var cellOf = new Dictionary<int, int>(new SameCell(design, calibration));
        var cells = new List<Cell>();
        var xs = new (int Column, double Value)[width];
        for (var i = 0; i < design.UnitCount; i++)
        {
            if (!cellOf.TryGetValue(i, out var c))
            {
                var count = XOf(calibration, i, xs);
                c = cells.Count;
                cells.Add(new Cell(design.StratumOfUnit[i], xs[..count].ToArray()));
                cellOf.Add(i, c);
            }

            var cell = cells[c];
            cell.SumW += design.Weights[i];
            cell.SumW2 += design.Weights[i] * design.Weights[i];
        }

        return cells;
    }

    /// <summary>Two units are in the same cell when they have the same stratum and the same calibration vector x.</summary>
    private sealed class SameCell(LinearizationDesign design, CalibrationProblem calibration) : IEqualityComparer<int>
    {
        private readonly int stride = calibration.CategoricalCount;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Equals(int a, int b)
        {
            if (design.StratumOfUnit[a] != design.StratumOfUnit[b]
                || !calibration.UnitColumns.AsSpan(a * stride, stride).SequenceEqual(calibration.UnitColumns.AsSpan(b * stride, stride)))
            {
                return false;
            }

            foreach (var numeric in calibration.Numeric)
            {
                if (BitConverter.DoubleToInt64Bits(numeric.Values[a]) != BitConverter.DoubleToInt64Bits(numeric.Values[b]))
                {
                    return false;
                }
            }

            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int GetHashCode(int unit)
        {
            var hash = new HashCode();
            hash.Add(design.StratumOfUnit[unit]);
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(calibration.UnitColumns.AsSpan(unit * stride, stride)));
            foreach (var numeric in calibration.Numeric)
            {
                hash.Add(BitConverter.DoubleToInt64Bits(numeric.Values[unit]));
            }

            return hash.ToHashCode();
        }
    }
}
