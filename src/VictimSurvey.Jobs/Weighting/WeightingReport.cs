using System.Globalization;
using System.Text;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>The diagnostics of a weighting as Markdown (printed by the CLI, saved with --report). Invariant culture.</summary>
public static class WeightingReport
{
    public static string Write(WeightingSpec spec, WeightingOutcome outcome)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"# Weighting report: {outcome.SpecName}"));
        s.AppendLine();
        s.AppendLine(Inv($"Sampled units: {outcome.SampledUnits}; eligible: {outcome.EligibleUnits}; respondents: {outcome.Respondents}."));
        if (outcome.Nonresponse is { } nr)
        {
            WriteNonresponse(s, spec.Nonresponse!, nr);
        }

        if (outcome.Calibration is { } cal)
        {
            WriteCalibration(s, spec, cal);
        }

        var w = outcome.Weights.Select(x => x.Weight).ToArray();
        s.AppendLine();
        s.AppendLine("## Final weights");
        s.AppendLine();
        s.AppendLine(Inv($"Sum {w.Sum():R}; min {w.Min():G6}; max {w.Max():G6}; Kish design effect due to weighting n·Σw²/(Σw)² = {WeightDiagnostics.KishDesignEffect(w):F4}."));
        return s.ToString();
    }

    private static void WriteNonresponse(StringBuilder s, NonresponseSpec spec, NonresponseResult nr)
    {
        s.AppendLine();
        s.AppendLine(Inv($"## Nonresponse adjustment ({(spec.Method == NonresponseMethod.Rhg ? "response-homogeneity groups" : "logistic response model, propensity classes")})"));
        s.AppendLine();
        if (nr.Coefficients is { } coefficients)
        {
            s.AppendLine("| term | estimate |");
            s.AppendLine("|---|---:|");
            foreach (var (term, estimate) in coefficients)
            {
                s.AppendLine(Inv($"| {term} | {estimate:G8} |"));
            }

            s.AppendLine();
        }

        s.AppendLine("| group | eligible | respondents | Σd eligible | Σd respondents | factor |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var g in nr.Groups)
        {
            s.AppendLine(Inv($"| {g.Label} | {g.Eligible} | {g.Respondents} | {g.EligibleWeight:F1} | {g.RespondentWeight:F1} | {g.Factor:F4} |"));
        }

        if (nr.Merges.Count > 0)
        {
            s.AppendLine();
            s.AppendLine(Inv($"Groups merged (minimum {spec.MinRespondents} respondents):"));
            foreach (var merge in nr.Merges)
            {
                s.AppendLine("- " + merge);
            }
        }
    }

    private static void WriteCalibration(StringBuilder s, WeightingSpec spec, CalibrationResult cal)
    {
        var c = spec.Calibration!;
        s.AppendLine();
        s.AppendLine(Inv($"## Calibration ({Calibrator.Name(c.Method)}{(c.Bounds is { } b ? $", bounds {b}" : "")}{(spec.Trimming is not null ? ", with trimming" : "")})"));
        s.AppendLine();
        s.AppendLine(cal.Converged
            ? Inv($"Converged in {cal.Iterations} iteration(s); largest relative margin error {cal.MaxMarginError:G3} (tolerance {c.Tolerance:G3}).")
            : "**Did not converge.** " + cal.Failure);
        s.AppendLine();
        s.AppendLine("Largest relative margin error by iteration: " + string.Join(", ", cal.MaxMarginErrorByIteration.Select(e => e.ToString("G3", CultureInfo.InvariantCulture))));
        s.AppendLine();
        var g = cal.GDistribution;
        s.AppendLine("| g = w/d | min | 1% | 5% | 25% | 50% | 75% | 95% | 99% | max |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        s.AppendLine(Inv($"| | {g.Min:F4} | {g.P1:F4} | {g.P5:F4} | {g.P25:F4} | {g.P50:F4} | {g.P75:F4} | {g.P95:F4} | {g.P99:F4} | {g.Max:F4} |"));
        s.AppendLine();
        s.AppendLine(Inv($"At the lower bound: {cal.AtLowerBound}; at the upper bound: {cal.AtUpperBound}; negative weights: {cal.NegativeWeights}; Kish design effect: {cal.KishDesignEffect:F4}."));
        foreach (var note in cal.Notes)
        {
            s.AppendLine("- " + note);
        }

        s.AppendLine();
        s.AppendLine("| margin | category | population | before | after | relative error |");
        s.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var m in cal.Margins)
        {
            s.AppendLine(Inv($"| {m.Margin} | {m.Category} | {m.PopulationTotal:F2} | {m.Before:F2} | {m.After:F2} | {m.RelativeError:G3} |"));
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
