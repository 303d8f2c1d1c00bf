using System.Globalization;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Tests.Weighting;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Estimation;

/// <summary>
/// Estimates and standard errors against R's survey package (Estimation/Reference: make_reference.R and
/// its README): svymean, svytotal, svyratio and svyby by department, on a stratified design with fpc and on
/// the same design calibrated by raking; svyciprop intervals; svrepdesign with given replicate weights.
/// Tolerances: estimates 1e-8 relative, SEs 1e-6 relative.
/// </summary>
public class EstimatesReferenceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Estimation", "Reference");
    private static readonly Lazy<(List<Dictionary<string, string>> Sample, LinearizationDesign Stratified, LinearizationDesign Calibrated)> Designs = new(Build);

    private static List<Dictionary<string, string>> Read(string file) => ReferenceData.ReadFrom(Folder, file);

    private static (List<Dictionary<string, string>>, LinearizationDesign, LinearizationDesign) Build()
    {
        var sample = Read("sample.csv");
        var d = sample.Select(r => ReferenceData.Number(r["design_weight"])).ToArray();
        var strata = sample.Select(r => r["stratum"]).ToArray();
        var populations = Read("design_info.csv").ToDictionary(r => r["stratum"], r => ReferenceData.Number(r["N_h"]));
        var stratified = new LinearizationDesign(d, strata, populations);

        IReadOnlyList<string>? Column(string name) => sample[0].ContainsKey(name) ? sample.Select(u => u[name]).ToArray() : null;
        var margins = Read("margins.csv").Select((r, i) => new MarginRow(r["variable"], r["category"], ReferenceData.Number(r["total"]), i + 2)).ToList();
        var (categorical, numeric) = MarginsBuilder.Build(sample.Count, Column, margins, "margins.csv", i => $"unit {i}");
        var problem = CalibrationProblem.Create(d, categorical, numeric);
        var calibration = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Raking, Tolerance: 1e-13, MaxIterations: 200));
        Assert.True(calibration.Converged, calibration.Failure);
        return (sample, stratified, new LinearizationDesign(calibration.Weights, strata, populations, problem));
    }

    [Fact]
    public void The_calibrated_weights_are_rs()
    {
        var (sample, _, calibrated) = Designs.Value;
        var expected = Read("calibrated_weights.csv");
        for (var i = 0; i < sample.Count; i++)
        {
            ReferenceData.AssertRelative(ReferenceData.Number(expected[i]["weight"]), calibrated.Weights[i], 1e-10, "weight of id " + expected[i]["id"]);
        }
    }

    public static TheoryData<string> Designs_() => new() { "stratified", "calibrated" };

    [Theory]
    [MemberData(nameof(Designs_))]
    public void Means_totals_and_ratios_national_and_by_department_match_r(string designName)
    {
        var (sample, stratified, calibrated) = Designs.Value;
        var design = designName == "stratified" ? stratified : calibrated;
        var rows = Read("expected_estimates.csv").Where(r => r["design"] == designName).ToList();
        Assert.True(rows.Count > 100);
        foreach (var row in rows)
        {
            var what = $"{designName} {row["statistic"]} {row["indicator"]} {row["domain"]}";
            bool[]? domain = row["domain_variable"] == "national" ? null : sample.Select(r => r[row["domain_variable"]] == row["domain"]).ToArray();
            var estimate = row["statistic"] switch
            {
                "mean" => Estimators.Mean(design, Column(sample, row["indicator"]), domain),
                "total" => Estimators.Total(design, Column(sample, row["indicator"]), domain),
                "ratio" => Estimators.Ratio(design, Column(sample, row["indicator"].Split('/')[0]), Column(sample, row["indicator"].Split('/')[1]), domain),
                var other => throw new InvalidOperationException(other),
            };

            ReferenceData.AssertRelative(ReferenceData.Number(row["estimate"]), estimate.Value, 1e-8, what + " estimate");
            var se = ReferenceData.Number(row["se"]);
            if (se == 0)
            {
                Assert.True(estimate.StandardError < 1e-12, what + " SE should be 0");
            }
            else
            {
                ReferenceData.AssertRelative(se, estimate.StandardError, 1e-6, what + " SE");
            }
        }
    }

    [Fact]
    public void Design_effects_match_r_deff_one_at_a_time_and_in_one_pass()
    {
        var (sample, stratified, calibrated) = Designs.Value;
        var rows = Read("expected_deff.csv");
        Assert.True(rows.Count > 40);
        foreach (var row in rows)
        {
            var design = row["design"] == "stratified" ? stratified : calibrated;
            bool[]? domain = row["domain_variable"] == "national" ? null : sample.Select(r => r[row["domain_variable"]] == row["domain"]).ToArray();
            var y = Column(sample, row["indicator"]);
            var single = row["statistic"] == "total" ? Estimators.Total(design, y, domain) : Estimators.Mean(design, y, domain);
            var what = $"{row["design"]} {row["statistic"]} {row["indicator"]} {row["domain"]}";
            ReferenceData.AssertRelative(ReferenceData.Number(row["deff"]), single.DesignEffect, 1e-6, what + " deff");

            var kind = row["statistic"] == "total" ? EstimateKind.Total : EstimateKind.Mean;
            var partition = domain is null ? DomainPartition.Whole(sample.Count) : new DomainPartition(row["domain_variable"], sample.Select(r => r[row["domain_variable"]]).ToArray());
            var batch = BatchEstimation.Estimate(design, [new IndicatorDefinition("y", kind, y)], [partition]).Single(e => e.Domain == row["domain"]);
            ReferenceData.AssertRelative(ReferenceData.Number(row["deff"]), batch.Estimate.DesignEffect, 1e-6, what + " deff (batch)");
        }
    }

    [Fact]
    public void Intervals_match_r_svyciprop_given_rs_n_and_degrees_of_freedom()
    {
        var (sample, stratified, calibrated) = Designs.Value;
        var internals = Read("expected_ciprop_internals.csv");
        foreach (var row in Read("expected_ciprop.csv"))
        {
            var design = row["design"] == "stratified" ? stratified : calibrated;
            bool[]? domain = row["domain_variable"] == "national" ? null : sample.Select(r => r[row["domain_variable"]] == row["domain"]).ToArray();
            var estimate = Estimators.Mean(design, Column(sample, row["indicator"]), domain);
            var info = internals.Single(r => r["design"] == row["design"] && r["indicator"] == row["indicator"] && r["domain"] == row["domain"]);
            var df = int.Parse(info["degf_design"], CultureInfo.InvariantCulture);
            Assert.Equal(df, domain is null ? design.DegreesOfFreedom : design.DomainDegreesOfFreedom(domain));
            var method = row["method"] switch { "beta" => IntervalMethod.KornGraubard, "logit" => IntervalMethod.Logit, _ => IntervalMethod.Wald };
            // R's svyciprop rescales the effective size with nrow(design): the full sample on a calibrated subset (see the README).
            var units = int.Parse(info["nrow_design"], CultureInfo.InvariantCulture);

            var interval = ConfidenceIntervals.Compute(method, estimate.Value, estimate.StandardError, ReferenceData.Number(row["level"]), df, units);

            // R fits the logit interval by a GLM that stops at 1e-8; its exact bounds are in the internals file.
            var (lower, upper, tolerance) = method == IntervalMethod.Logit
                ? (ReferenceData.Number(info["logit_lower_exact"]), ReferenceData.Number(info["logit_upper_exact"]), 1e-9)
                : (ReferenceData.Number(row["lower"]), ReferenceData.Number(row["upper"]), 1e-8);
            var what = $"{row["design"]} {row["indicator"]} {row["domain"]} {row["method"]}";
            ReferenceData.AssertRelative(lower, interval.Lower, tolerance, what + " lower");
            ReferenceData.AssertRelative(upper, interval.Upper, tolerance, what + " upper");
        }
    }

    [Fact]
    public void Replicate_standard_errors_match_r_svrepdesign_given_the_same_replicate_weights()
    {
        var (sample, full, weights, strata) = ReplicateDesign();

        foreach (var row in Read("expected_replicate.csv"))
        {
            bool[]? domain = row["domain_variable"] == "national" ? null : sample.Select(r => r[row["domain_variable"]] == row["domain"]).ToArray();
            double Statistic(double[] w)
            {
                var design = new LinearizationDesign(w, strata);
                return row["statistic"] == "ratio"
                    ? Estimators.Ratio(design, Column(sample, row["indicator"].Split('/')[0]), Column(sample, row["indicator"].Split('/')[1]), domain).Value
                    : Estimators.Mean(design, Column(sample, row["indicator"]), domain).Value;
            }

            var what = $"{row["statistic"]} {row["indicator"]} {row["domain"]}";
            ReferenceData.AssertRelative(ReferenceData.Number(row["estimate"]), Statistic(full), 1e-10, what + " estimate");
            var se = Math.Sqrt(RescalingBootstrap.Variance(weights.Select(Statistic).ToArray()));
            ReferenceData.AssertRelative(ReferenceData.Number(row["se"]), se, 1e-8, what + " SE");
        }
    }

    [Fact]
    public void Bootstrap_design_effects_match_r_deff_on_the_replicate_design()
    {
        var (sample, full, weights, strata) = ReplicateDesign();

        var rows = Read("expected_replicate_deff.csv");
        Assert.True(rows.Count > 30);
        foreach (var row in rows)
        {
            bool[]? domain = row["domain_variable"] == "national" ? null : sample.Select(r => r[row["domain_variable"]] == row["domain"]).ToArray();
            var y = Column(sample, row["indicator"]);
            Estimate Statistic(double[] w) => row["statistic"] == "total"
                ? Estimators.Total(new LinearizationDesign(w, strata), y, domain)
                : Estimators.Mean(new LinearizationDesign(w, strata), y, domain);

            var linearized = Statistic(full);
            var bootstrap = linearized.WithStandardError(Math.Sqrt(RescalingBootstrap.Variance(weights.Select(w => Statistic(w).Value).ToArray())));
            var what = $"{row["statistic"]} {row["indicator"]} {row["domain"]}";
            ReferenceData.AssertRelative(ReferenceData.Number(row["se"]), bootstrap.StandardError, 1e-8, what + " SE");
            ReferenceData.AssertRelative(ReferenceData.Number(row["deff"]), bootstrap.DesignEffect, 1e-8, what + " deff");
        }
    }

    /// <summary>The sample, the calibrated weights, R's final replicate weights (replicate_weights.csv) and the strata.</summary>
    private static (List<Dictionary<string, string>> Sample, double[] Full, List<double[]> Replicates, string[] Strata) ReplicateDesign()
    {
        var (sample, _, _) = Designs.Value;
        var replicates = Read("replicate_weights.csv");
        var b = replicates[0].Keys.Count(k => k.StartsWith("rep_", StringComparison.Ordinal));
        var weights = Enumerable.Range(1, b).Select(r => replicates.Select(x => ReferenceData.Number(x[$"rep_{r}"])).ToArray()).ToList();
        var full = replicates.Select(x => ReferenceData.Number(x["weight"])).ToArray();
        return (sample, full, weights, sample.Select(r => r["stratum"]).ToArray());
    }

    private static double[] Column(List<Dictionary<string, string>> sample, string name) =>
        sample.Select(r => ReferenceData.Number(r[name])).ToArray();
}
