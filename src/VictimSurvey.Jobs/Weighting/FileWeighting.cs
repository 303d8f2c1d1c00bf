using VictimSurvey.Core.Weighting;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// Weighting on files, like CALMAR on a table: a spec (YAML), a data CSV, and out come the weights CSV
/// (<c>id,weight,design_weight,nonresponse_weight,g</c>, one row per respondent) and the report. The
/// weights file is written only when the weighting succeeded, atomically.
/// </summary>
public static class FileWeighting
{
    public static readonly string[] OutputHeader = ["id", "weight", "design_weight", "nonresponse_weight", "g"];

    /// <summary>The spec (with its margins) and the data table, read once for everything done with them.</summary>
    public static (WeightingSpec Spec, WeightingData Data) Load(string specPath, string dataPath)
    {
        var spec = WeightingSpecFile.Read(specPath);
        var table = CsvReader.Read(dataPath);
        return (spec, new WeightingData(dataPath, table.Header, table.Rows, table.Lines));
    }

    public static (WeightingSpec Spec, WeightingData Data, WeightingOutcome Outcome, string Report) Run(string specPath, string dataPath)
    {
        var (spec, data) = Load(specPath, dataPath);
        var outcome = WeightingPipeline.Run(spec, data);
        return (spec, data, outcome, WeightingReport.Write(spec, outcome));
    }

    /// <summary>Bootstrap replicate weights as <c>id,weight,rep_1..rep_B</c> (docs/methodology/estimation.md shows how R reads them).</summary>
    public static void WriteReplicates(string path, WeightingSpec spec, WeightingData data, WeightingOutcome outcome, int seed, int count)
    {
        var replicates = VictimSurvey.Core.Estimation.ReplicateWeights.Compute(spec, data, outcome, seed, 0, count);
        var header = new[] { "id", "weight" }.Concat(Enumerable.Range(1, count).Select(b => "rep_" + b.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        CsvWriter.WriteAtomically(path, header, outcome.Weights.Select((w, u) => (IReadOnlyList<string>)
            [w.Id, CsvWriter.Number(w.Weight), .. replicates.Select(r => CsvWriter.Number(r[u]))]));
    }

    public static void WriteWeights(string path, WeightingOutcome outcome) =>
        CsvWriter.WriteAtomically(path, OutputHeader, outcome.Weights.Select(w => (IReadOnlyList<string>)
        [
            w.Id, CsvWriter.Number(w.Weight), CsvWriter.Number(w.DesignWeight), CsvWriter.Number(w.NonresponseWeight), CsvWriter.Number(w.G),
        ]));
}
