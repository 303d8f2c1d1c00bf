using VictimSurvey.Data.Departments;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Sampling;

public sealed record SampleImportResult(int EditionYear, bool EditionCreated, int Persons, int Departments);

/// <summary>
/// Imports an externally drawn sample from CSV: every row is checked first (<see cref="SampleCsvImport"/>),
/// and only a file without a single problem is loaded, by binary COPY in one transaction. The planned
/// allocation stored with it is what the file holds: n_h = its rows per department and N_h = Σ 1/π.
/// </summary>
public sealed class SampleImportJob(EditionStore editions, DepartmentStore departments, SampleStore samples, SampleLoader loader)
{
    public async Task<SampleImportResult> RunAsync(string path, int editionYear, bool replace, CancellationToken ct)
    {
        var table = CsvReader.Read(path);
        var existing = await editions.GetAsync(editionYear, ct);
        if (existing is not null && !replace && await samples.CountAsync(editionYear, ct) > 0)
        {
            throw new SampleException($"edition {editionYear} already has a sample; pass --replace to replace it");
        }

        // Checked before anything is written, the edition included: a bad file leaves the database as it was.
        var known = (await departments.ListAsync(ct)).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var covered = existing?.Departments ?? [.. Core.Sampling.ApproximateAdultPopulation.VrsCoverage];
        var persons = SampleCsvImport.Read(table, editionYear - 1, known, covered.ToHashSet(StringComparer.Ordinal));
        var (_, created) = await EditionDefaults.GetOrCreateAsync(editions, editionYear, ct);
        var planned = persons
            .GroupBy(p => p.DepartmentCode, StringComparer.Ordinal)
            .Select(g => new PlannedStratum(g.Key, Math.Max(g.Count(), (long)Math.Round(g.Sum(p => 1 / p.InclusionProbability))), g.Count()))
            .ToList();
        var draw = new SampleDraw { AllocationMethod = "imported", SampleSize = persons.Count, Source = "import of " + Path.GetFileName(path) };
        await loader.ReplaceSampleAsync(editionYear, draw, planned, persons, ct);
        return new SampleImportResult(editionYear, created, persons.Count, planned.Count);
    }
}
