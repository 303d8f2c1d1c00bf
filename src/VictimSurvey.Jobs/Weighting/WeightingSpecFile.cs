using System.Globalization;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Jobs.Files;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// Reads a weighting spec (YAML; every field documented in docs/methodology/weighting-spec.md) and its
/// margins file (path relative to the spec). Unknown keys are errors, so a misspelt option never goes
/// unnoticed. Every message names the file and, where it can, the line.
/// </summary>
public static class WeightingSpecFile
{
    public static WeightingSpec Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException($"{path}: file not found.");
        }

        SpecDocument document;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).WithDuplicateKeyChecking().Build();
            document = deserializer.Deserialize<SpecDocument>(File.ReadAllText(path)) ?? throw new InputFileException($"{path}: empty spec.");
        }
        catch (YamlException ex)
        {
            throw new InputFileException($"{path}, line {ex.Start.Line}: {Explain(ex)}");
        }

        return Convert(document, path);
    }

    /// <summary>YamlDotNet's message, except that an unknown key is named with its section and the fields it could be.</summary>
    private static string Explain(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var unknown = System.Text.RegularExpressions.Regex.Match(message, @"Property '(?<key>[^']+)' not found on type '[^']*\+(?<type>\w+)'");
        var section = unknown.Success ? typeof(WeightingSpecFile).GetNestedType(unknown.Groups["type"].Value, System.Reflection.BindingFlags.NonPublic) : null;
        if (section is null)
        {
            return message;
        }

        var where = section == typeof(SpecDocument)
            ? "at the top of the spec"
            : "in " + UnderscoredNamingConvention.Instance.Apply(section.Name.Replace("Section", "", StringComparison.Ordinal));
        var fields = section.GetProperties().Select(p => UnderscoredNamingConvention.Instance.Apply(p.Name));
        return $"unknown field '{unknown.Groups["key"].Value}' {where} (fields there: {string.Join(", ", fields)}).";
    }

    private static WeightingSpec Convert(SpecDocument doc, string path)
    {
        InputFileException Error(string message) => new($"{path}: {message}");

        var input = doc.Input ?? throw Error("the 'input' section is required (at least input.id and input.design_weight).");
        if ((input.DesignWeight is null) == (input.InclusionProbability is null))
        {
            throw Error("input needs exactly one of design_weight (the column of d) or inclusion_probability (the column of π, d = 1/π).");
        }

        var columns = new InputColumns(
            input.Id ?? throw Error("input.id is required (the unit identifier column)."),
            input.DesignWeight, input.Strata, input.StratumPopulation, input.Response, input.Eligible,
            input.InclusionProbability, input.SecondPhaseProbability);

        NonresponseSpec? nonresponse = null;
        if (doc.Nonresponse is { } nr)
        {
            var method = nr.Method switch
            {
                "rhg" => NonresponseMethod.Rhg,
                "logistic" => NonresponseMethod.Logistic,
                null => throw Error("nonresponse.method is required: rhg or logistic."),
                var other => throw Error($"nonresponse.method '{other}' is not rhg or logistic."),
            };
            if (nr.Groups is not { Count: > 0 } && nr.Numeric is not { Count: > 0 })
            {
                throw Error("nonresponse.groups must name at least one column.");
            }

            nonresponse = new NonresponseSpec(method, nr.Groups ?? [], nr.Numeric ?? [], nr.MinRespondents ?? 30, nr.Classes ?? 5);
        }

        CalibrationSpec? calibration = null;
        if (doc.Calibration is { } cal)
        {
            var method = cal.Method switch
            {
                "linear" => CalibrationMethod.Linear,
                "raking" => CalibrationMethod.Raking,
                "logit" => CalibrationMethod.Logit,
                "truncated" => CalibrationMethod.Truncated,
                null => throw Error("calibration.method is required: linear, raking, logit or truncated."),
                var other => throw Error($"calibration.method '{other}' is not linear, raking, logit or truncated."),
            };
            var bounds = Bounds(cal.Bounds, "calibration.bounds", Error);
            var marginsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, cal.Margins ?? throw Error("calibration.margins is required (a CSV file: variable,category,total)."));
            var margins = MarginsFile.Read(marginsPath, cal.PopulationTotal);
            calibration = new CalibrationSpec(method, bounds, margins, marginsPath, cal.Tolerance ?? 1e-9, cal.MaxIterations ?? 100);
        }

        TrimmingSpec? trimming = null;
        if (doc.Trimming is { } trim)
        {
            var g = Bounds(trim.Bounds, "trimming.bounds", Error);
            var w = Bounds(trim.WeightBounds, "trimming.weight_bounds", Error, requireAroundOne: false);
            if (g is null && w is null)
            {
                throw Error("trimming needs bounds (on g = w/d) or weight_bounds (on the weights).");
            }

            trimming = new TrimmingSpec(new TrimmingBounds(g, w?.Lower, w?.Upper), trim.MaxRounds ?? 50);
        }

        var estimatesSpec = doc.Estimates is { } estimates ? ConvertEstimates(estimates, Error) : null;
        if (estimatesSpec is { NonresponsePhase: true } && nonresponse is null)
        {
            throw Error("estimates.nonresponse_phase needs a nonresponse section: its response groups are the second phase.");
        }

        return new WeightingSpec(doc.Name ?? Path.GetFileNameWithoutExtension(path), columns, nonresponse, calibration, trimming)
        {
            Estimates = estimatesSpec,
        };
    }

    private static EstimatesSpec ConvertEstimates(EstimatesSection e, Func<string, InputFileException> error)
    {
        var interval = e.Interval switch
        {
            null or "logit" => IntervalMethod.Logit,
            "wald" => IntervalMethod.Wald,
            "korn-graubard" => IntervalMethod.KornGraubard,
            var other => throw error($"estimates.interval '{other}' is not wald, logit or korn-graubard."),
        };
        var variance = e.Variance switch
        {
            null or "linearization" => VarianceMethod.Linearization,
            "bootstrap" => VarianceMethod.Bootstrap,
            var other => throw error($"estimates.variance '{other}' is not linearization or bootstrap."),
        };
        var confidence = e.Confidence ?? 0.95;
        if (!(confidence > 0 && confidence < 1))
        {
            throw error(string.Create(CultureInfo.InvariantCulture, $"estimates.confidence {confidence} must be between 0 and 1 (e.g. 0.95)."));
        }

        if (e.Indicators is not { Count: > 0 })
        {
            throw error("estimates.indicators must list at least one indicator.");
        }

        var indicators = new List<IndicatorSpec>();
        foreach (var i in e.Indicators)
        {
            var name = i.Name ?? throw error("every estimates indicator needs a name.");
            var given = new object?[] { i.Proportion, i.Mean, i.Total, i.Ratio }.Count(x => x is not null);
            if (given != 1)
            {
                throw error($"indicator '{name}' must have exactly one of proportion, mean, total or ratio.");
            }

            if (i.Ratio is { } r && (r.Numerator is null || r.Denominator is null))
            {
                throw error($"indicator '{name}': ratio needs a numerator and a denominator column.");
            }

            if (indicators.Any(x => x.Name == name))
            {
                throw error($"indicator '{name}' is listed twice.");
            }

            indicators.Add(new IndicatorSpec(name, i.Label, i.Proportion, i.Mean, i.Total, i.Ratio?.Numerator, i.Ratio?.Denominator) { Family = i.Family });
        }

        var domains = e.Domains ?? [];
        if (domains.Contains(DomainPartition.National) || domains.Distinct(StringComparer.Ordinal).Count() != domains.Count)
        {
            throw error("estimates.domains must name distinct columns, and not 'national' (the national estimate is always produced).");
        }

        if (e.Replicates is < 2)
        {
            throw error(string.Create(CultureInfo.InvariantCulture, $"estimates.replicates {e.Replicates} must be at least 2 (500 is usual)."));
        }

        if (e.NonresponsePhase == true && variance != VarianceMethod.Linearization)
        {
            throw error("estimates.nonresponse_phase applies to linearization: bootstrap replicates already redo the nonresponse adjustment.");
        }

        var rule = new PublicationRule(e.Publication?.MinBase ?? 30, e.Publication?.CautionCv ?? 0.166, e.Publication?.SuppressCv ?? 0.333);
        return new EstimatesSpec(confidence, interval, variance, e.Replicates ?? 500, e.Seed ?? 2024, domains, indicators, rule)
        {
            NonresponsePhase = e.NonresponsePhase ?? false,
        };
    }

    private static GBounds? Bounds(List<double>? values, string field, Func<string, InputFileException> error, bool requireAroundOne = true)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count != 2 || !(values[0] < values[1]))
        {
            throw error($"{field} must be two numbers [lower, upper] with lower < upper.");
        }

        if (requireAroundOne && !(values[0] < 1 && values[1] > 1 && values[0] >= 0))
        {
            throw error(string.Create(CultureInfo.InvariantCulture, $"{field} [{values[0]}, {values[1]}] must satisfy 0 ≤ lower < 1 < upper (they bound g = w/d)."));
        }

        return new GBounds(values[0], values[1]);
    }

    // YAML shape. Settable properties for YamlDotNet; snake_case keys via the naming convention.
    private sealed class SpecDocument
    {
        public string? Name { get; set; }
        public InputSection? Input { get; set; }
        public NonresponseSection? Nonresponse { get; set; }
        public CalibrationSection? Calibration { get; set; }
        public TrimmingSection? Trimming { get; set; }
        public EstimatesSection? Estimates { get; set; }
    }

    private sealed class EstimatesSection
    {
        public double? Confidence { get; set; }
        public string? Interval { get; set; }
        public string? Variance { get; set; }
        public bool? NonresponsePhase { get; set; }
        public int? Replicates { get; set; }
        public int? Seed { get; set; }
        public List<string>? Domains { get; set; }
        public List<IndicatorSection>? Indicators { get; set; }
        public PublicationSection? Publication { get; set; }
    }

    private sealed class IndicatorSection
    {
        public string? Name { get; set; }
        public string? Label { get; set; }
        public string? Family { get; set; }
        public string? Proportion { get; set; }
        public string? Mean { get; set; }
        public string? Total { get; set; }
        public RatioSection? Ratio { get; set; }
    }

    private sealed class RatioSection
    {
        public string? Numerator { get; set; }
        public string? Denominator { get; set; }
    }

    private sealed class PublicationSection
    {
        public int? MinBase { get; set; }
        public double? CautionCv { get; set; }
        public double? SuppressCv { get; set; }
    }

    private sealed class InputSection
    {
        public string? Id { get; set; }
        public string? DesignWeight { get; set; }
        public string? Strata { get; set; }
        public string? StratumPopulation { get; set; }
        public string? Response { get; set; }
        public string? Eligible { get; set; }
        public string? InclusionProbability { get; set; }
        public string? SecondPhaseProbability { get; set; }
    }

    private sealed class NonresponseSection
    {
        public string? Method { get; set; }
        public List<string>? Groups { get; set; }
        public List<string>? Numeric { get; set; }
        public int? MinRespondents { get; set; }
        public int? Classes { get; set; }
    }

    private sealed class CalibrationSection
    {
        public string? Method { get; set; }
        public List<double>? Bounds { get; set; }
        public string? Margins { get; set; }
        public double? Tolerance { get; set; }
        public int? MaxIterations { get; set; }
        public double? PopulationTotal { get; set; }
    }

    private sealed class TrimmingSection
    {
        public List<double>? Bounds { get; set; }
        public List<double>? WeightBounds { get; set; }
        public int? MaxRounds { get; set; }
    }
}
