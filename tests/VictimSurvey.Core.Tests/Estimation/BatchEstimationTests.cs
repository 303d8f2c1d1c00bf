using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Tests.Weighting;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Estimation;

public class BatchEstimationTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Estimation", "Reference");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void All_indicators_by_department_in_one_pass_match_r(bool calibrated)
    {
        var sample = ReferenceData.ReadFrom(Folder, "sample.csv");
        var design = Design(sample, calibrated);
        double[] Col(string name) => sample.Select(r => ReferenceData.Number(r[name])).ToArray();
        var indicators = new List<IndicatorDefinition>();
        foreach (var y in new[] { "victim_burglary", "victim_theft", "victim_violence", "victim_insult", "feel_unsafe", "incidents" })
        {
            indicators.Add(new IndicatorDefinition("mean:" + y, EstimateKind.Mean, Col(y)));
        }

        indicators.Add(new IndicatorDefinition("total:victim_burglary", EstimateKind.Total, Col("victim_burglary")));
        foreach (var x in new[] { "burglary", "theft", "violence" })
        {
            indicators.Add(new IndicatorDefinition($"ratio:complaint_{x}/victim_{x}", EstimateKind.Ratio, Col("complaint_" + x), Col("victim_" + x)));
        }

        var results = BatchEstimation.Estimate(design, indicators,
            [DomainPartition.Whole(sample.Count), new DomainPartition("department", sample.Select(r => r["department"]).ToArray())]);

        var expected = ReferenceData.ReadFrom(Folder, "expected_estimates.csv").Where(r => r["design"] == (calibrated ? "calibrated" : "stratified")).ToList();
        var compared = 0;
        foreach (var row in expected)
        {
            var name = row["statistic"] + ":" + row["indicator"];
            var ours = results.SingleOrDefault(e => e.Indicator == name && e.DomainVariable == row["domain_variable"] && e.Domain == row["domain"]);
            if (ours is null)
            {
                continue; // a total by department or of incidents: not in this batch
            }

            compared++;
            ReferenceData.AssertRelative(ReferenceData.Number(row["estimate"]), ours.Estimate.Value, 1e-8, name + " " + row["domain"]);
            var se = ReferenceData.Number(row["se"]);
            if (se == 0)
            {
                Assert.True(ours.Estimate.StandardError < 1e-12);
            }
            else
            {
                ReferenceData.AssertRelative(se, ours.Estimate.StandardError, 1e-6, name + " " + row["domain"] + " SE");
            }
        }

        Assert.True(compared >= 100, $"only {compared} rows compared");
    }

    private static LinearizationDesign Design(List<Dictionary<string, string>> sample, bool calibrated)
    {
        var d = sample.Select(r => ReferenceData.Number(r["design_weight"])).ToArray();
        var strata = sample.Select(r => r["stratum"]).ToArray();
        var populations = ReferenceData.ReadFrom(Folder, "design_info.csv").ToDictionary(r => r["stratum"], r => ReferenceData.Number(r["N_h"]));
        if (!calibrated)
        {
            return new LinearizationDesign(d, strata, populations);
        }

        IReadOnlyList<string>? Column(string name) => sample[0].ContainsKey(name) ? sample.Select(u => u[name]).ToArray() : null;
        var margins = ReferenceData.ReadFrom(Folder, "margins.csv").Select((r, i) => new MarginRow(r["variable"], r["category"], ReferenceData.Number(r["total"]), i + 2)).ToList();
        var (categorical, numeric) = MarginsBuilder.Build(sample.Count, Column, margins, "margins.csv", i => $"unit {i}");
        var problem = CalibrationProblem.Create(d, categorical, numeric);
        var result = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Raking, Tolerance: 1e-13, MaxIterations: 200));
        return new LinearizationDesign(result.Weights, strata, populations, problem);
    }

    [Fact]
    public void With_a_numeric_margin_the_batch_agrees_with_one_estimate_at_a_time()
    {
        var units = SmallSample.Units();
        var problem = SmallSample.Problem(units);
        var calibrated = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Raking, Tolerance: 1e-12));
        var design = new LinearizationDesign(calibrated.Weights, units.Select(u => u.Region).ToArray(), calibration: problem);
        var random = new Random(5);
        var y = units.Select(_ => random.NextDouble() < 0.2 ? 1.0 : 0.0).ToArray();
        var x = units.Select(_ => random.NextDouble() < 0.5 ? 1.0 : 0.0).ToArray();
        var ages = units.Select(u => u.Age).ToArray();

        var batch = BatchEstimation.Estimate(design,
            [new IndicatorDefinition("p", EstimateKind.Mean, y), new IndicatorDefinition("r", EstimateKind.Ratio, y, x), new IndicatorDefinition("t", EstimateKind.Total, y)],
            [DomainPartition.Whole(units.Count), new DomainPartition("age", ages)]);

        foreach (var age in SmallSample.Ages)
        {
            var domain = ages.Select(a => a == age).ToArray();
            Same(Estimators.Mean(design, y, domain), batch.Single(e => e.Indicator == "p" && e.Domain == age).Estimate);
            Same(Estimators.Ratio(design, y, x, domain), batch.Single(e => e.Indicator == "r" && e.Domain == age).Estimate);
            Same(Estimators.Total(design, y, domain), batch.Single(e => e.Indicator == "t" && e.Domain == age).Estimate);
        }

        Same(Estimators.Mean(design, y), batch.Single(e => e.Indicator == "p" && e.Domain == DomainPartition.National).Estimate);

        // The lean path used for bootstrap replicates gives the same point estimates, in the same order.
        var points = BatchEstimation.PointEstimates(design.Weights,
            [new IndicatorDefinition("p", EstimateKind.Mean, y), new IndicatorDefinition("r", EstimateKind.Ratio, y, x), new IndicatorDefinition("t", EstimateKind.Total, y)],
            [DomainPartition.Whole(units.Count), new DomainPartition("age", ages)]);
        Assert.Equal(batch.Count, points.Length);
        for (var k = 0; k < points.Length; k++)
        {
            ReferenceData.AssertRelative(batch[k].Estimate.Value, points[k], 1e-12, $"point estimate {k}");
        }
    }

    private static void Same(Estimate expected, Estimate actual)
    {
        ReferenceData.AssertRelative(expected.Value, actual.Value, 1e-12, "estimate");
        ReferenceData.AssertRelative(expected.StandardError, actual.StandardError, 1e-8, "SE");
        Assert.Equal(expected.Base, actual.Base);
        ReferenceData.AssertRelative(expected.WeightedBase, actual.WeightedBase, 1e-12, "weighted base");
    }
}
