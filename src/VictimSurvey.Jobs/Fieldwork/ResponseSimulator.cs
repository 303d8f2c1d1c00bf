using System.Diagnostics;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>Stored simulated responses of an edition, by questionnaire id and mode, and the time it took.</summary>
public sealed record ResponseSimulationResult(
    int EditionYear,
    IReadOnlyDictionary<string, int> CoreByMode,
    int Phase2Cases,
    IReadOnlyDictionary<string, int> ModuleByMode,
    TimeSpan Took)
{
    public int Core => CoreByMode.Values.Sum();
    public int Module => ModuleByMode.Values.Sum();
}

/// <summary>
/// Plays an edition's simulated answers into the database (docs/methodology/fieldwork-data.md,
/// "Simulated answers"): one response to the edition's core questionnaire for every completed case
/// (<see cref="CompletedCaseStore"/>: disposition 1.1, in the mode and at the time of its first
/// complete; a paper duplicate after a web complete gets no response of its own), and, when the
/// edition has a phase-2 subsample, a response to its module for a share of the subsampled
/// respondents (<see cref="ModuleResponseByMode"/>, by the mode of their core response): the module is
/// taken to follow the core questionnaire in the same session (web and telephone: started when the
/// core was completed, 5–15 minutes long; paper: the same booklet, received with it). Answers come
/// from <see cref="AnswerSimulator"/> with the given seed and are written by
/// <see cref="ResponseStore.CopyResponsesAsync"/> (all or nothing per questionnaire). Synthetic, for the
/// demo seed and the tests; nothing in production calls it. Running it twice for an edition fails on
/// the response table's unique key and adds nothing.
/// </summary>
public sealed class ResponseSimulator(EditionStore editions, CompletedCaseStore completedCases, ResponseStore responses, QuestionnaireLibrary questionnaires)
{
    /// <summary>
    /// Share of the phase-2 respondents who answer the module, by the mode of their core response
    /// (≈ 85% overall in the VRS mode mix: 79% web, 9% paper, 12% telephone).
    /// </summary>
    public static IReadOnlyDictionary<string, double> ModuleResponseByMode { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [FieldworkModes.Web] = 0.88,
        [FieldworkModes.Paper] = 0.78,
        [FieldworkModes.Phone] = 0.72,
    };

    public async Task<ResponseSimulationResult> RunAsync(int editionYear, int seed, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var edition = await editions.GetAsync(editionYear, ct) ?? throw new InvalidOperationException($"edition {editionYear} does not exist");
        var core = Load(edition.CoreQuestionnaireId, edition.CoreQuestionnaireVersion, editionYear, "core questionnaire");
        var completes = await completedCases.CompletedAsync(edition.Id, ct);

        var coreByMode = CountByMode(completes.Select(c => c.Mode));
        await responses.CopyResponsesAsync(edition.Id, ToNew(AnswerSimulator.For(core).ForCompletes(completes, seed)), ct);

        var phase2 = await responses.Phase2CaseIdsAsync(edition.Id, ct);
        var moduleByMode = CountByMode([]);
        if (phase2.Count > 0 && edition.ModuleId is not null)
        {
            var module = Load(edition.ModuleId, edition.ModuleVersion, editionYear, "module");
            var answering = completes.Where(c => phase2.Contains(c.Id) && AnswersModule(c, seed)).Select(c => ModuleSession(c, seed)).ToList();
            moduleByMode = CountByMode(answering.Select(c => c.Mode));
            await responses.CopyResponsesAsync(edition.Id, ToNew(AnswerSimulator.For(module).ForCompletes(answering, seed)), ct);
        }

        return new ResponseSimulationResult(editionYear, coreByMode, phase2.Count, moduleByMode, watch.Elapsed);
    }

    private Questionnaire Load(string? id, string? version, int editionYear, string what) =>
        id is null || version is null
            ? throw new InvalidOperationException($"edition {editionYear} has no {what} attached")
            : questionnaires.All().Where(e => e.IsValid).Select(e => e.Questionnaire!).FirstOrDefault(q => q.Id == id && q.Version == version)
              ?? throw new InvalidOperationException($"{what} {id} version {version} of edition {editionYear} is not among the valid questionnaire files of {questionnaires.Folder}");

    private static IEnumerable<NewResponse> ToNew(IEnumerable<SimulatedResponse> simulated) =>
        simulated.Select(r => new NewResponse(r.CaseId, r.QuestionnaireId, r.QuestionnaireVersion, r.Mode, r.StartedAt, r.CompletedAt, r.Answers));

    private static Dictionary<string, int> CountByMode(IEnumerable<string> modes)
    {
        var counts = ResponseModes.All.ToDictionary(m => m, _ => 0, StringComparer.Ordinal);
        foreach (var mode in modes)
        {
            counts[mode]++;
        }

        return counts;
    }

    private static bool AnswersModule(CompletedCase c, int seed) =>
        Uniform(seed, c.Id, 0x4D4F44554C45UL) < ModuleResponseByMode.GetValueOrDefault(c.Mode, 0.85);

    /// <summary>The module's session: right after the core questionnaire, in its mode.</summary>
    private static CompletedCase ModuleSession(CompletedCase c, int seed) => c.Mode == FieldworkModes.Paper
        ? c with { StartedAt = c.CompletedAt }
        : c with { StartedAt = c.CompletedAt, CompletedAt = c.CompletedAt.AddSeconds(300 + (int)(Uniform(seed, c.Id, 0x4C454E475448UL) * 600)) };

    /// <summary>A uniform draw in [0, 1) that depends only on the seed, the case and a salt (SplitMix64's finaliser).</summary>
    private static double Uniform(long seed, long caseId, ulong salt)
    {
        var z = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)caseId * 0xD1B54A32D192ED03UL) ^ salt);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
