using System.Globalization;
using VictimSurvey.Core.Estimation;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// <c>victimsurvey estimate</c>: the spec's weighting, then its estimates, written as CSV with the columns
/// <c>indicator,domain_variable,domain,estimate,se,ci_lower,ci_upper,cv,n,flag</c> first (national rows
/// have domain_variable and domain "national"; proportions as fractions), then
/// <c>weighted_base,df,deff,label</c>. The file always carries estimate and SE; the flag says what a publication must hide.
/// </summary>
public static class FileEstimation
{
    public static readonly string[] Header = ["indicator", "domain_variable", "domain", "estimate", "se", "ci_lower", "ci_upper", "cv", "n", "flag", "weighted_base", "df", "deff", "label"];

    public static (WeightingSpec Spec, WeightingOutcome Weighting, IReadOnlyList<EstimateRow> Estimates, string Report) Run(string specPath, string dataPath)
    {
        var (spec, data) = FileWeighting.Load(specPath, dataPath);
        if (spec.Estimates is null)
        {
            throw new InputFileException($"{specPath}: no 'estimates' section (indicators, domains…) to estimate.");
        }

        var weighting = WeightingPipeline.Run(spec, data);
        var report = WeightingReport.Write(spec, weighting);
        if (!weighting.Succeeded)
        {
            return (spec, weighting, [], report);
        }

        return (spec, weighting, EstimatesPipeline.Run(spec, spec.Estimates, data, weighting), report);
    }

    public static void WriteCsv(string path, IReadOnlyList<EstimateRow> rows) =>
        CsvWriter.WriteAtomically(path, Header, rows.Select(r => (IReadOnlyList<string>)
        [
            CsvWriter.Text(r.Indicator), CsvWriter.Text(r.DomainVariable), CsvWriter.Text(r.Domain),
            CsvWriter.Number(r.Estimate.Value), CsvWriter.Number(r.Estimate.StandardError),
            CsvWriter.Number(r.Interval.Lower), CsvWriter.Number(r.Interval.Upper),
            double.IsNaN(r.Estimate.CoefficientOfVariation) ? "" : CsvWriter.Number(r.Estimate.CoefficientOfVariation),
            r.Estimate.Base.ToString(CultureInfo.InvariantCulture),
            r.Flag.ToString().ToLowerInvariant(),
            CsvWriter.Number(r.Estimate.WeightedBase),
            r.DegreesOfFreedom.ToString(CultureInfo.InvariantCulture),
            double.IsNaN(r.Estimate.DesignEffect) ? "" : CsvWriter.Number(r.Estimate.DesignEffect),
            CsvWriter.Text(r.Label ?? ""),
        ]));
}
