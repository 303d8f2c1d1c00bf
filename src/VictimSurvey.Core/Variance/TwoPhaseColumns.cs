namespace VictimSurvey.Core.Variance;

/// <summary>
/// Two-phase variances (<see cref="NonresponsePhase"/>) of many linearized variables: column by column,
/// since centring within response groups and adding the non-respondents do not reduce to the stratum
/// sums of the one-phase batch (<see cref="StratumSums"/>). Costs about n operations per column.
/// </summary>
internal static class TwoPhaseColumns
{
    /// <summary>The linearized variables, column by column.</summary>
    public interface IDenseColumns
    {
        int ColumnCount { get; }

        /// <summary>Writes column k's value for every unit (0 where the unit is outside the column's domain).</summary>
        void FillColumn(int column, Span<double> values);
    }

    public static double[] Variances(LinearizationDesign design, NonresponsePhase phase, StratumSums.ISparseColumns sparse, IDenseColumns dense)
    {
        var n = design.UnitCount;
        var columns = dense.ColumnCount;
        var w = design.Weights;
        var calibration = design.Calibration;

        // The calibration residual's fit for every column at once, and each unit's calibration vector, read once.
        var b = calibration is null ? null : StratumSums.ResidualFit(design, calibration, sparse);
        var width = calibration is null ? 0 : calibration.CategoricalCount + calibration.Numeric.Count;
        var xOfUnit = new (int Column, double Value)[n * width];
        var xCount = new int[n];
        if (calibration is not null)
        {
            var xs = new (int Column, double Value)[width];
            for (var i = 0; i < n; i++)
            {
                xCount[i] = StratumSums.XOf(calibration, i, xs);
                xs.AsSpan(0, xCount[i]).CopyTo(xOfUnit.AsSpan(i * width));
            }
        }

        var p = calibration?.ColumnCount ?? 0;
        var variance = new double[columns];
        Parallel.For(0, columns, () => (Z: new double[n], X: new double[n], B: new double[p]), (k, _, buffers) =>
        {
            dense.FillColumn(k, buffers.Z);
            for (var a = 0; a < p; a++)
            {
                buffers.B[a] = b![a * columns + k];
            }

            for (var i = 0; i < n; i++)
            {
                var fitted = 0.0;
                for (var a = 0; a < xCount[i]; a++)
                {
                    var (column, value) = xOfUnit[i * width + a];
                    fitted += value * buffers.B[column];
                }

                buffers.X[i] = w[i] * (buffers.Z[i] - fitted);
            }

            variance[k] = phase.Variance(buffers.X).Total;
            return buffers;
        }, _ => { });

        return variance;
    }
}
