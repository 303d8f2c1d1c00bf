using System.Numerics;
using System.Runtime.CompilerServices;
using VictimSurvey.Core.Variance;

namespace VictimSurvey.Core.Estimation;

/// <summary>z_ik for the unit's own columns: total y; mean (y − θ)/W; ratio (y − θx)/X̂ (0 where the base is empty).</summary>
/// <remarks>
/// One formula for every kind, (y − θ·x)·s with x = 1 for a mean, and θ = 0, x = 0, s = 1 for a total, gives each
/// kind's value exactly (θ·1 = θ; y − 0·0 = y; y·1 = y), so a block is computed with vector instructions from the
/// unit's non-zero values (<see cref="SparseIndicators"/>).
/// </remarks>
internal sealed class LinearizedColumns : StratumSums.ISparseColumns, TwoPhaseColumns.IDenseColumns
{
    private readonly SparseIndicators values;
    private readonly int[][] domainOfUnit;
    private readonly int[] offset;
    private readonly double[] theta;   // θ per column; 0 for totals
    private readonly double[] scale;   // s per column: 1 for totals, 1/base or 0 on an empty base otherwise
    private readonly double[] unitX;   // x where a unit has no denominator value: 1 for a mean, 0 otherwise

    public LinearizedColumns(IReadOnlyList<IndicatorDefinition> indicators, SparseIndicators values, int[][] domainOfUnit, int[] offset, double[] value, double[] scale)
    {
        this.values = values;
        this.domainOfUnit = domainOfUnit;
        this.offset = offset;
        this.scale = scale;
        var j = indicators.Count;
        theta = value.Select((v, k) => indicators[k % j].Kind == EstimateKind.Total ? 0 : v).ToArray();
        unitX = indicators.Select(x => x.Kind == EstimateKind.Mean ? 1.0 : 0.0).ToArray();
    }

    public int ColumnCount => scale.Length;

    public int BlockCount => domainOfUnit.Length;

    public int BlockWidth => unitX.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per process: see StratumSums
    public int Fill(int unit, int block, Span<double> z)
    {
        var j = unitX.Length;
        Span<double> y = stackalloc double[j];
        Span<double> x = stackalloc double[j];
        y.Clear();
        unitX.CopyTo(x);
        for (var e = values.NumeratorStart[unit]; e < values.NumeratorStart[unit + 1]; e++)
        {
            y[values.NumeratorIndicator[e]] = values.NumeratorValue[e];
        }

        for (var e = values.DenominatorStart[unit]; e < values.DenominatorStart[unit + 1]; e++)
        {
            x[values.DenominatorIndicator[e]] = values.DenominatorValue[e];
        }

        var k0 = offset[block] + domainOfUnit[block][unit] * j;
        var t = theta.AsSpan(k0, j);
        var s = scale.AsSpan(k0, j);
        var lanes = Vector<double>.Count;
        var m = 0;
        for (; m <= j - lanes; m += lanes)
        {
            var sv = new Vector<double>(s[m..]);
            var value = (new Vector<double>(y[m..]) - new Vector<double>(t[m..]) * new Vector<double>(x[m..])) * sv;
            Vector.ConditionalSelect(Vector.Equals(sv, Vector<double>.Zero), Vector<double>.Zero, value).CopyTo(z[m..]);
        }

        for (; m < j; m++)
        {
            z[m] = s[m] == 0 ? 0 : (y[m] - t[m] * x[m]) * s[m];
        }

        return k0;
    }

    /// <summary>Column k for every unit, for the two-phase variance (<see cref="TwoPhaseColumns"/>): the same values as <see cref="Fill"/>.</summary>
    public void FillColumn(int column, Span<double> z)
    {
        var j = unitX.Length;
        var block = offset.Length - 1;
        while (offset[block] > column)
        {
            block--;
        }

        var domain = (column - offset[block]) / j;
        var m = (column - offset[block]) % j;
        var (t, s) = (theta[column], scale[column]);
        var domains = domainOfUnit[block];
        for (var unit = 0; unit < z.Length; unit++)
        {
            if (domains[unit] != domain || s == 0)
            {
                z[unit] = 0;
                continue;
            }

            var (y, x) = (0.0, unitX[m]);
            for (var e = values.NumeratorStart[unit]; e < values.NumeratorStart[unit + 1]; e++)
            {
                if (values.NumeratorIndicator[e] == m)
                {
                    y = values.NumeratorValue[e];
                }
            }

            for (var e = values.DenominatorStart[unit]; e < values.DenominatorStart[unit + 1]; e++)
            {
                if (values.DenominatorIndicator[e] == m)
                {
                    x = values.DenominatorValue[e];
                }
            }

            z[unit] = (y - t * x) * s;
        }
    }
}
