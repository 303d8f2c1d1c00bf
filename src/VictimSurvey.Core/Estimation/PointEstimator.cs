namespace VictimSurvey.Core.Estimation;

/// <summary>
/// The point estimates of a batch (<see cref="BatchEstimation.PointEstimates(double[], IReadOnlyList{IndicatorDefinition}, DomainLayout)"/>)
/// for many weight vectors of the same units, e.g. hundreds of bootstrap replicates: the indicators are
/// compressed once to their non-zero values (<see cref="SparseIndicators"/>), and each weight vector is then
/// one pass over the units that carry weight. Safe to use from several threads at once.
/// </summary>
/// <remarks>The same sums, in the same order, as the indicator-by-indicator loop: see <see cref="SparseIndicators"/>.</remarks>
public sealed class PointEstimator
{
    private readonly DomainLayout layout;
    private readonly SparseIndicators values;

    public PointEstimator(IReadOnlyList<IndicatorDefinition> indicators, DomainLayout layout)
    {
        this.layout = layout;
        values = new SparseIndicators(indicators, layout.DomainOfUnit.Length == 0 ? 0 : layout.DomainOfUnit[0].Length);
    }

    /// <summary>The point estimates for <paramref name="weights"/>, in the order of <see cref="BatchEstimation.Estimate"/>.</summary>
    public double[] Estimate(double[] weights)
    {
        var (domainOfUnit, offset, columns) = (layout.DomainOfUnit, layout.Offset, layout.Columns);
        var kinds = values.Kinds;
        var j = kinds.Length;
        if (j == 0)
        {
            return [];
        }

        var (numeratorStart, numeratorIndicator, numeratorValue) = (values.NumeratorStart, values.NumeratorIndicator, values.NumeratorValue);
        var (denominatorStart, denominatorIndicator, denominatorValue) = (values.DenominatorStart, values.DenominatorIndicator, values.DenominatorValue);

        var top = new double[columns];
        var bottom = new double[columns];         // ratios only
        var domainWeight = new double[columns / j]; // Σ w of each domain (domain g owns columns [g·j, g·j + j))
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w == 0)
            {
                continue;
            }

            for (var p = 0; p < domainOfUnit.Length; p++)
            {
                var k0 = offset[p] + domainOfUnit[p][i] * j;
                domainWeight[k0 / j] += w;
                for (var e = numeratorStart[i]; e < numeratorStart[i + 1]; e++)
                {
                    top[k0 + numeratorIndicator[e]] += w * numeratorValue[e];
                }

                for (var e = denominatorStart[i]; e < denominatorStart[i + 1]; e++)
                {
                    bottom[k0 + denominatorIndicator[e]] += w * denominatorValue[e];
                }
            }
        }

        // Same values as the full pass: a total is its sum; a mean or ratio is undefined on an empty base.
        var estimates = new double[columns];
        for (var k = 0; k < columns; k++)
        {
            var kind = kinds[k % j];
            var below = kind == EstimateKind.Ratio ? bottom[k] : domainWeight[k / j];
            estimates[k] = kind == EstimateKind.Total ? top[k] : below == 0 ? double.NaN : top[k] / below;
        }

        return estimates;
    }
}
