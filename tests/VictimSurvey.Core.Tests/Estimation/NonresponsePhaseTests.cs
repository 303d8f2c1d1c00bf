using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Tests.Weighting;
using VictimSurvey.Core.Variance;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Estimation;

/// <summary>
/// Nonresponse as a second phase of the linearization variance, against Estimation/Reference/NonresponsePhase
/// (make_reference.R: the formula written out in R, its sampling part computed by R survey's svytotal on the
/// whole-sample design, the one-phase SEs by svymean/svyratio/svytotal on the calibrated respondents).
/// The whole pipeline runs as the CLI runs it: design weights, nonresponse groups (age group × urban),
/// raking on sex and age group, then the estimates.
/// </summary>
public class NonresponsePhaseTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Estimation", "Reference", "NonresponsePhase");

    private static List<Dictionary<string, string>> Read(string file) => ReferenceData.ReadFrom(Folder, file);

    private static readonly WeightingSpec Spec = new(
        "nonresponse-phase-reference",
        new InputColumns("id", "design_weight", Strata: "stratum", StratumPopulation: "stratum_population", Response: "response", Eligible: "eligible"),
        new NonresponseSpec(NonresponseMethod.Rhg, ["age_group", "urban"], [], MinRespondents: 20),
        new CalibrationSpec(CalibrationMethod.Raking, null,
            Read("margins.csv").Select((r, i) => new MarginRow(r["variable"], r["category"], ReferenceData.Number(r["total"]), i + 2)).ToList(),
            "margins.csv", Tolerance: 1e-13, MaxIterations: 200),
        null);

    private static EstimatesSpec Estimates(bool nonresponsePhase) => new(0.95, IntervalMethod.Logit, VarianceMethod.Linearization, 0, 0, ["region"],
        [
            new IndicatorSpec("victim", null, "victim", null, null, null, null),
            new IndicatorSpec("complaint_rate", null, null, null, null, "complaint", "victim"),
            new IndicatorSpec("incidents", null, null, "incidents", null, null, null),
            new IndicatorSpec("victim_total", null, null, null, "victim", null, null),
        ],
        PublicationRule.Default) { NonresponsePhase = nonresponsePhase };

    private static WeightingData Data()
    {
        var sample = Read("sample.csv");
        var header = sample[0].Keys.ToList();
        return new WeightingData("sample.csv", header, sample.Select(r => header.Select(h => r[h]).ToArray()).ToList(), Enumerable.Range(2, sample.Count).ToArray());
    }

    private static (string Statistic, string Indicator) Name(string indicator) => indicator switch
    {
        "victim" => ("mean", "victim"),
        "complaint_rate" => ("ratio", "complaint_rate"),
        "incidents" => ("mean", "incidents"),
        _ => ("total", "victim"),
    };

    [Theory]
    [InlineData(true, "se_two_phase")]
    [InlineData(false, "se_one_phase")]
    public void Estimates_and_standard_errors_are_those_of_the_reference(bool nonresponsePhase, string seColumn)
    {
        var data = Data();
        var weighting = WeightingPipeline.Run(Spec, data);
        Assert.True(weighting.Succeeded);
        var expectedWeights = Read("calibrated_weights.csv").ToDictionary(r => r["id"], r => ReferenceData.Number(r["weight"]));
        Assert.Equal(expectedWeights.Count, weighting.Weights.Count);
        foreach (var w in weighting.Weights)
        {
            ReferenceData.AssertRelative(expectedWeights[w.Id], w.Weight, 1e-10, $"weight of {w.Id}");
        }

        var rows = EstimatesPipeline.Run(Spec, Estimates(nonresponsePhase), data, weighting);
        var expected = Read("expected.csv");
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            var (statistic, indicator) = Name(row.Indicator);
            var reference = expected.Single(e => e["statistic"] == statistic && e["indicator"] == indicator && e["domain"] == row.Domain);
            var what = $"{row.Indicator} {row.Domain}";
            ReferenceData.AssertRelative(ReferenceData.Number(reference["estimate"]), row.Estimate.Value, 1e-10, what);
            ReferenceData.AssertRelative(ReferenceData.Number(reference[seColumn]), row.Estimate.StandardError, 1e-9, what + " SE");
        }
    }

    [Fact]
    public void The_two_parts_of_the_variance_are_those_of_the_reference_and_the_batch_agrees_with_one_estimate()
    {
        var data = Data();
        var weighting = WeightingPipeline.Run(Spec, data);
        var ids = data.Column("id")!;
        var rowOfId = ids.Select((id, r) => (id, r)).ToDictionary(x => x.id, x => x.r, StringComparer.Ordinal);
        var respondentRows = weighting.Weights.Select(w => rowOfId[w.Id]).ToArray();
        var strata = data.Column("stratum")!;
        var populations = strata.Distinct().ToDictionary(s => s, s => ReferenceData.Number(data.Column("stratum_population")![Array.IndexOf(strata, s)]));
        var phase = new NonresponsePhase(strata, populations, weighting.Nonresponse!, respondentRows);
        var design = new LinearizationDesign(weighting.Weights.Select(w => w.Weight).ToArray(), respondentRows.Select(r => strata[r]).ToArray(), populations, weighting.CalibrationProblem)
        {
            Nonresponse = phase,
        };

        // The group response probabilities are the reference's.
        var groups = Read("expected_groups.csv").ToDictionary(r => r["group"], r => ReferenceData.Number(r["response_probability"]));
        foreach (var group in weighting.Nonresponse!.Groups)
        {
            ReferenceData.AssertRelative(groups[group.Label.Replace(MarginsBuilder.CrossSeparator, '|')], group.RespondentWeight / group.EligibleWeight, 1e-12, group.Label);
        }

        // The national victimisation rate: the variance of one estimate, split into its two phases.
        var victim = respondentRows.Select(r => ReferenceData.Number(data.Column("victim")![r])).ToArray();
        var w = design.Weights;
        var total = w.Sum();
        var rate = w.Select((x, u) => x * victim[u]).Sum() / total;
        var z = victim.Select(y => (y - rate) / total).ToArray();
        var reference = Read("expected.csv").Single(e => e["statistic"] == "mean" && e["indicator"] == "victim" && e["domain"] == "national");
        var single = Estimators.Mean(design, victim);
        ReferenceData.AssertRelative(ReferenceData.Number(reference["se_two_phase"]), single.StandardError, 1e-9, "one estimate SE");

        var contributions = Contributions(design, z);
        var parts = phase.Variance(contributions);
        ReferenceData.AssertRelative(ReferenceData.Number(reference["variance_sampling"]), parts.Sampling, 1e-9, "sampling phase");
        ReferenceData.AssertRelative(ReferenceData.Number(reference["variance_nonresponse"]), parts.Nonresponse, 1e-9, "nonresponse phase");
    }

    /// <summary>x = w (z − X B̂) with B̂ fitted with the weights calibration started from: the one-phase contributions, computed here independently.</summary>
    private static double[] Contributions(LinearizationDesign design, double[] z)
    {
        var problem = design.Calibration!;
        var d = problem.DesignWeights;
        var p = problem.ColumnCount;
        var x = new double[z.Length][];
        for (var u = 0; u < z.Length; u++)
        {
            var row = new double[p];
            for (var m = 0; m < problem.CategoricalCount; m++)
            {
                var column = problem.UnitColumns[u * problem.CategoricalCount + m];
                if (column >= 0)
                {
                    row[column] = 1;
                }
            }

            x[u] = row;
        }

        var gram = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p);
        var right = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(p);
        for (var u = 0; u < z.Length; u++)
        {
            for (var a = 0; a < p; a++)
            {
                right[a] += d[u] * x[u][a] * z[u];
                for (var b = 0; b < p; b++)
                {
                    gram[a, b] += d[u] * x[u][a] * x[u][b];
                }
            }
        }

        var coefficients = gram.Solve(right);
        return z.Select((value, u) => design.Weights[u] * (value - x[u].Select((v, a) => v * coefficients[a]).Sum())).ToArray();
    }
}
