using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

/// <summary>
/// Every weight against R's survey package (reference files and the script that made them in
/// Weighting/Reference; see its README for the versions). Tolerance: 1e-8 relative on each weight.
/// </summary>
public class ReferenceTests
{
    private const double WeightTolerance = 1e-8;

    public static TheoryData<string> CalibrationCases()
    {
        var data = new TheoryData<string>();
        foreach (var row in ReferenceData.Read("cases.csv").Where(r => !r.TryGetValue("nonresponse", out var nr) || nr == "none"))
        {
            data.Add(row["case"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CalibrationCases))]
    public void Calibrated_weights_match_r_survey_calibrate(string name)
    {
        var spec = ReferenceData.Read("cases.csv").Single(r => r["case"] == name);
        var respondents = ReferenceData.Respondents();
        var d = respondents.Select(r => ReferenceData.Number(r["design_weight"])).ToArray();
        var problem = ReferenceData.Problem(respondents, d, spec["margins"]);
        var method = ReferenceData.Method(spec["method"], spec["lower"]);
        GBounds? bounds = spec["lower"].Length > 0 ? new GBounds(ReferenceData.Number(spec["lower"]), ReferenceData.Number(spec["upper"])) : null;

        var result = Calibrator.Calibrate(problem, new CalibrationOptions(method, bounds, Tolerance: 1e-12, MaxIterations: 200));

        Assert.True(result.Converged, result.Failure);
        var expected = ReferenceData.Read($"expected_{name}.csv");
        Assert.Equal(respondents.Count, expected.Count);
        for (var i = 0; i < respondents.Count; i++)
        {
            Assert.Equal(expected[i]["id"], respondents[i]["id"]);
            ReferenceData.AssertRelative(ReferenceData.Number(expected[i]["weight"]), result.Weights[i], WeightTolerance, $"{name}, id {respondents[i]["id"]}");
        }
    }

    [Fact]
    public void Response_homogeneity_group_factors_match_r()
    {
        var sample = ReferenceData.Sample();
        var input = ReferenceData.NonresponseInput(sample);

        var result = NonresponseAdjustment.ResponseHomogeneityGroups(input, ["sex", "age_group"],
            [sample.Select(r => r["sex"]).ToArray(), sample.Select(r => r["age_group"]).ToArray()], minRespondents: 1);

        Assert.Empty(result.Merges);
        var byId = sample.Select((r, i) => (r["id"], i)).ToDictionary(x => x.Item1, x => x.i);
        foreach (var row in ReferenceData.Read("expected_nr_rhg.csv"))
        {
            var i = byId[row["id"]];
            ReferenceData.AssertRelative(ReferenceData.Number(row["nonresponse_weight"]), result.AdjustedWeights[i], 1e-12, "id " + row["id"]);
            Assert.Equal(row["group"], result.Groups[result.GroupOfUnit[i]].Label);
        }
    }

    [Fact]
    public void Logistic_propensities_classes_and_factors_match_r_glm()
    {
        var sample = ReferenceData.Sample();
        var input = ReferenceData.NonresponseInput(sample);
        var fit = LogisticResponseModel.Fit(input,
            [("sex", sample.Select(r => r["sex"]).ToArray()), ("age_group", sample.Select(r => r["age_group"]).ToArray()), ("diploma", sample.Select(r => r["diploma"]).ToArray())],
            [("household_size", sample.Select(r => r["household_size"]).ToArray())]);

        var result = NonresponseAdjustment.PropensityClasses(input, fit, classes: 5, minRespondents: 1);

        var byId = sample.Select((r, i) => (r["id"], i)).ToDictionary(x => x.Item1, x => x.i);
        foreach (var row in ReferenceData.Read("expected_nr_logistic.csv"))
        {
            var i = byId[row["id"]];
            ReferenceData.AssertRelative(ReferenceData.Number(row["propensity"]), fit.Propensities[i], 1e-7, "propensity of id " + row["id"]);
            Assert.Equal(int.Parse(row["class"], System.Globalization.CultureInfo.InvariantCulture), int.Parse(result.Groups[result.GroupOfUnit[i]].Label, System.Globalization.CultureInfo.InvariantCulture));
            if (input.Responded[i])
            {
                ReferenceData.AssertRelative(ReferenceData.Number(row["nonresponse_weight"]), result.AdjustedWeights[i], 1e-10, "weight of id " + row["id"]);
            }
        }
    }

    public static TheoryData<string> NonresponseThenCalibrationCases()
    {
        var data = new TheoryData<string>();
        foreach (var row in ReferenceData.Read("cases.csv").Where(r => r.TryGetValue("nonresponse", out var nr) && nr == "rhg"))
        {
            data.Add(row["case"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NonresponseThenCalibrationCases))]
    public void Nonresponse_adjustment_then_calibration_matches_r(string name)
    {
        var spec = ReferenceData.Read("cases.csv").Single(r => r["case"] == name);
        var sample = ReferenceData.Sample();
        var input = ReferenceData.NonresponseInput(sample);
        var adjusted = NonresponseAdjustment.ResponseHomogeneityGroups(input, ["sex", "age_group"],
            [sample.Select(r => r["sex"]).ToArray(), sample.Select(r => r["age_group"]).ToArray()], minRespondents: 1);
        var respondentIndex = Enumerable.Range(0, sample.Count).Where(i => input.Responded[i]).ToArray();
        var respondents = respondentIndex.Select(i => sample[i]).ToList();
        var problem = ReferenceData.Problem(respondents, respondentIndex.Select(i => adjusted.AdjustedWeights[i]).ToArray(), spec["margins"]);
        var method = ReferenceData.Method(spec["method"], spec["lower"]);
        GBounds? bounds = spec["lower"].Length > 0 ? new GBounds(ReferenceData.Number(spec["lower"]), ReferenceData.Number(spec["upper"])) : null;

        var result = Calibrator.Calibrate(problem, new CalibrationOptions(method, bounds, Tolerance: 1e-12, MaxIterations: 200));

        Assert.True(result.Converged, result.Failure);
        var expected = ReferenceData.Read($"expected_{name}.csv");
        for (var r = 0; r < respondents.Count; r++)
        {
            Assert.Equal(expected[r]["id"], respondents[r]["id"]);
            ReferenceData.AssertRelative(ReferenceData.Number(expected[r]["nonresponse_weight"]), adjusted.AdjustedWeights[respondentIndex[r]], 1e-12, $"{name}, nonresponse weight of id {respondents[r]["id"]}");
            ReferenceData.AssertRelative(ReferenceData.Number(expected[r]["weight"]), result.Weights[r], WeightTolerance, $"{name}, id {respondents[r]["id"]}");
        }
    }
}
