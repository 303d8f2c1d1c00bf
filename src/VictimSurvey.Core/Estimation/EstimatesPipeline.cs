using System.Globalization;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Estimation;

/// <summary>One published row: an indicator in a domain with its precision and quality flag.</summary>
public sealed record EstimateRow(
    string Indicator,
    string? Label,
    string DomainVariable,
    string Domain,
    Estimate Estimate,
    Interval Interval,
    int DegreesOfFreedom,
    QualityFlag Flag);

/// <summary>
/// The estimates of a weighted file: every indicator nationally and in every domain of the spec, with
/// linearization standard errors on the final weights (residualised on the calibration when there is
/// one), intervals, CVs and quality flags.
/// </summary>
/// <remarks>
/// Variance: the calibrated respondents as a stratified one-stage design (strata and stratum populations
/// from the spec's input section; without strata, one stratum and no fpc); with
/// <see cref="EstimatesSpec.NonresponsePhase"/>, the whole sample as the first phase and nonresponse
/// within the response groups as the second (<see cref="NonresponsePhase"/>;
/// docs/methodology/estimation.md).
/// </remarks>
public static class EstimatesPipeline
{
    /// <summary>Everything in one process: <see cref="Prepare"/>, all the replicates when the spec asks for the bootstrap, <see cref="PreparedEstimates.Publish"/>.</summary>
    public static IReadOnlyList<EstimateRow> Run(WeightingSpec spec, EstimatesSpec estimates, WeightingData data, WeightingOutcome weighting)
    {
        var prepared = Prepare(spec, estimates, data, weighting);
        return prepared.Publish(prepared.ReplicateCount == 0 ? null : prepared.ReplicateEstimates(0, prepared.ReplicateCount));
    }

    /// <summary>
    /// Reads the indicators and domains, and computes the point estimates with their linearization
    /// standard errors. With the bootstrap, the replicates can then be computed in chunks (on any server:
    /// replicate b depends only on the seed and b) and handed back to <see cref="PreparedEstimates.Publish"/>.
    /// </summary>
    public static PreparedEstimates Prepare(WeightingSpec spec, EstimatesSpec estimates, WeightingData data, WeightingOutcome weighting)
    {
        var ids = data.RequiredColumn(spec.Input.Id, "input.id");
        var rowOfId = ids.Select((id, r) => (id, r)).ToDictionary(x => x.id, x => x.r, StringComparer.Ordinal);
        var rows = weighting.Weights.Select(w => rowOfId[w.Id]).ToArray();
        string DescribeRow(int r) => $"{data.Source}, row {data.Lines[r]} (id {ids[r]})";

        var allRows = Enumerable.Range(0, data.RowCount).ToArray();
        var strataOfRows = spec.Input.Strata is { } s ? data.RequiredColumn(s, "input.strata") : Enumerable.Repeat("all", data.RowCount).ToArray();
        var strata = Respondents(strataOfRows, rows);
        var populations = spec.Input.StratumPopulation is { } sp
            ? StratumPopulations(data.RequiredColumn(sp, "input.stratum_population"), sp, strataOfRows, estimates.NonresponsePhase ? allRows : rows, DescribeRow)
            : null;
        var design = new LinearizationDesign(weighting.Weights.Select(w => w.Weight).ToArray(), strata, populations, weighting.CalibrationProblem)
        {
            Nonresponse = estimates.NonresponsePhase ? SecondPhase(spec, estimates, weighting, strataOfRows, populations, rows) : null,
        };

        var indicators = estimates.Indicators.Select(i => Indicator(i, data, rows, DescribeRow)).ToList();
        var partitions = new List<DomainPartition> { DomainPartition.Whole(rows.Length) };
        partitions.AddRange(estimates.Domains.Select(d => new DomainPartition(d, Respondents(data.RequiredColumn(d, "an estimates domain"), rows))));
        if (estimates.Variance == VarianceMethod.Bootstrap && estimates.Replicates < 2)
        {
            throw new EstimationException("estimates.replicates must be at least 2.");
        }

        return new PreparedEstimates(spec, estimates, data, weighting, design, indicators, partitions, BatchEstimation.Estimate(design, indicators, partitions));
    }

    /// <summary>
    /// The spec's method for proportions and ratios (rates such as the reporting rate); Wald for means and
    /// totals, whose values are not shares, and for a ratio whose value falls outside [0, 1].
    /// </summary>
    internal static Interval Interval(EstimatesSpec spec, bool share, Estimate estimate, int df)
    {
        var method = spec.Interval;
        if (!share || !(estimate.Value >= 0 && estimate.Value <= 1))
        {
            method = IntervalMethod.Wald;
        }

        return ConfidenceIntervals.Compute(method, estimate.Value, estimate.StandardError, spec.Confidence, df, estimate.Base);
    }

    private static NonresponsePhase SecondPhase(WeightingSpec spec, EstimatesSpec estimates, WeightingOutcome weighting,
        string[] strataOfRows, IReadOnlyDictionary<string, double>? populations, int[] respondentRows)
    {
        if (estimates.Variance != VarianceMethod.Linearization)
        {
            throw new EstimationException("estimates.nonresponse_phase applies to linearization: bootstrap replicates already redo the nonresponse adjustment.");
        }

        if (spec.Nonresponse is null || weighting.Nonresponse is null)
        {
            throw new EstimationException("estimates.nonresponse_phase needs a nonresponse section in the spec: the response groups are the second phase.");
        }

        return new NonresponsePhase(strataOfRows, populations, weighting.Nonresponse, respondentRows);
    }

    private static IndicatorDefinition Indicator(IndicatorSpec spec, WeightingData data, int[] rows, Func<int, string> describeRow)
    {
        double[] Values(string column) => Numbers(data.RequiredColumn(column, $"a column of indicator '{spec.Name}'"), column, rows, describeRow);
        if (spec.Proportion is { } p)
        {
            var values = Values(p);
            var bad = Array.FindIndex(values, v => v is not (0 or 1));
            if (bad >= 0)
            {
                throw new EstimationException($"{describeRow(rows[bad])}, column '{p}': {values[bad].ToString(CultureInfo.InvariantCulture)} is not 0 or 1 (indicator '{spec.Name}' is a proportion).");
            }

            return new IndicatorDefinition(spec.Name, EstimateKind.Mean, values);
        }

        if (spec.Mean is { } m)
        {
            return new IndicatorDefinition(spec.Name, EstimateKind.Mean, Values(m));
        }

        if (spec.Total is { } t)
        {
            return new IndicatorDefinition(spec.Name, EstimateKind.Total, Values(t));
        }

        return new IndicatorDefinition(spec.Name, EstimateKind.Ratio, Values(spec.RatioNumerator!), Values(spec.RatioDenominator!));
    }

    private static double[] Numbers(string[] values, string column, int[] rows, Func<int, string> describeRow) =>
        rows.Select(r => double.TryParse(values[r], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw new EstimationException(values[r].Length == 0
                ? $"{describeRow(r)}, column '{column}': missing value (estimates need an answer for every respondent)."
                : $"{describeRow(r)}, column '{column}': '{values[r]}' is not a number.")).ToArray();

    private static string[] Respondents(string[] values, int[] rows) => rows.Select(r => values[r]).ToArray();

    /// <param name="strata">The stratum of every row of the file.</param>
    /// <param name="rows">The rows whose strata need a population.</param>
    private static Dictionary<string, double> StratumPopulations(string[] values, string column, string[] strata, int[] rows, Func<int, string> describeRow)
    {
        var populations = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var u = 0; u < rows.Length; u++)
        {
            if (!double.TryParse(values[rows[u]], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !(n > 0))
            {
                throw new EstimationException($"{describeRow(rows[u])}, column '{column}': '{values[rows[u]]}' is not a positive stratum population.");
            }

            if (populations.TryGetValue(strata[rows[u]], out var seen) && seen != n)
            {
                throw new EstimationException(string.Create(CultureInfo.InvariantCulture,
                    $"{describeRow(rows[u])}, column '{column}': stratum '{strata[rows[u]]}' has population {n} here but {seen} on an earlier row."));
            }

            populations[strata[rows[u]]] = n;
        }

        return populations;
    }
}
