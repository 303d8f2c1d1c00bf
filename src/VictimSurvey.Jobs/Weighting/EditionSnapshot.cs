using System.Globalization;
using System.Text;
using System.Text.Json;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>What a snapshot holds, for the user launching a run.</summary>
public sealed record SnapshotSummary(int Persons, int Eligible, int Respondents, int CompletesWithoutResponse, int InvalidResponses, int MissingDerivedValues);

/// <summary>
/// The input snapshot of a phase-1 weighting run, taken from the database: one row per sampled person of
/// the edition, with the design (stratum, stratum population, design weight), the frame variables, the
/// response status from the fieldwork dispositions, and the derived variables of the core questionnaire
/// computed from the respondents' answers by the questionnaire's own definitions
/// (<see cref="ResponseValidator"/>). Written as the CSV that <c>victimsurvey estimate</c> reads, so a run
/// can always be redone on files. Rules (docs/methodology/weighting-runs.md, "The snapshot"):
/// <list type="bullet">
/// <item>eligible = 0 for AAPOR 4.x (not eligible: deceased, moved abroad, in an institution), else 1
/// (unknown eligibility counts as eligible);</item>
/// <item>responded = 1 for a complete (1.1) whose core response is stored in the mode of its first
/// complete (a paper duplicate after a web complete is not used); a complete without stored answers is
/// not a respondent, and is counted in the summary;</item>
/// <item>derived variables: 1/0 for conditions, numbers as they are, empty for non-respondents and for a
/// value the answers leave missing (counted in the summary).</item>
/// </list>
/// </summary>
public sealed class EditionSnapshot(EditionStore editions, RunInputStore inputs, QuestionnaireLibrary questionnaires)
{
    /// <summary>The frame and design columns, before the derived variables.</summary>
    public static readonly string[] FrameColumns =
    [
        "id", "stratum", "stratum_population", "design_weight", "department", "sex", "age_group", "birth_year", "diploma",
        "household_size", "urban_area_size", "eligible", "responded", "response_mode", "disposition",
    ];

    public async Task<(byte[] Csv, SnapshotSummary Summary)> BuildAsync(int year, CancellationToken ct)
    {
        var edition = await editions.GetAsync(year, ct) ?? throw new WeightingRunException($"there is no edition {year}");
        if (edition.CoreQuestionnaireId is not { } coreId)
        {
            throw new WeightingRunException($"edition {year} has no core questionnaire attached: its answers cannot be read");
        }

        var questionnaire = questionnaires.All().Where(e => e.IsValid).Select(e => e.Questionnaire!)
            .FirstOrDefault(q => q.Id == coreId && q.Version == edition.CoreQuestionnaireVersion)
            ?? throw new WeightingRunException($"questionnaire {coreId} version {edition.CoreQuestionnaireVersion} (edition {year}) is not in {questionnaires.Folder}");
        var validator = ResponseValidator.For(questionnaire);

        var persons = await inputs.PersonsAsync(edition.Id, ct);
        if (persons.Count == 0)
        {
            throw new WeightingRunException($"edition {year} has no sample");
        }

        var outcomes = await inputs.OutcomesAsync(edition.Id, ct);
        if (outcomes.Count != persons.Count)
        {
            throw new WeightingRunException($"edition {year}: the sample changed while the snapshot was taken; launch again");
        }

        var responses = (await inputs.ResponsesAsync(edition.Id, coreId, ct)).ToDictionary(r => (r.CaseId, r.Mode));
        var derivedIds = questionnaire.Derived.Select(d => d.Id).ToArray();

        // The answers are checked and the derived variables computed in parallel (the validator only reads its
        // own fields); the rows are then written in the sample's order.
        var derivedOf = new IReadOnlyDictionary<string, double?>?[persons.Count];
        var invalidOf = new bool[persons.Count];
        Parallel.For(0, persons.Count, new ParallelOptions { CancellationToken = ct }, k =>
        {
            var outcome = outcomes[k];
            if (outcome.Code.Category == AaporCategory.Complete && outcome.ResponseMode is { } mode && responses.TryGetValue((outcome.CaseId, mode), out var response))
            {
                var check = validator.Check(Answers(response.AnswersJson));
                invalidOf[k] = !check.IsValid;
                derivedOf[k] = check.Derived;
            }
        });

        var text = new StringBuilder();
        text.AppendJoin(',', FrameColumns.Concat(derivedIds)).Append('\n');
        int eligible = 0, respondents = 0, withoutResponse = 0, invalid = 0, missing = 0;
        for (var k = 0; k < persons.Count; k++)
        {
            var (person, outcome, derived) = (persons[k], outcomes[k], derivedOf[k]);
            if (outcome.CaseId != person.Id)
            {
                throw new WeightingRunException($"edition {year}: the sample changed while the snapshot was taken; launch again");
            }

            var isEligible = outcome.Code.Category != AaporCategory.NotEligible;
            withoutResponse += outcome.Code.Category == AaporCategory.Complete && derived is null ? 1 : 0;
            invalid += invalidOf[k] ? 1 : 0;
            eligible += isEligible ? 1 : 0;
            respondents += derived is null ? 0 : 1;
            text.AppendJoin(',',
            [
                CsvWriter.Escape(person.PseudonymousId), CsvWriter.Escape(person.Stratum), Number(person.StratumPopulation), CsvWriter.Number(person.DesignWeight),
                CsvWriter.Escape(person.DepartmentCode), CsvWriter.Escape(person.Sex), CsvWriter.Escape(person.AgeGroup), Number(person.BirthYear), CsvWriter.Escape(person.Diploma),
                Number(person.HouseholdSize), CsvWriter.Escape(person.UrbanAreaSize), isEligible ? "1" : "0", derived is null ? "0" : "1",
                derived is null ? "" : outcome.ResponseMode!, outcome.Disposition,
            ]);
            foreach (var id in derivedIds)
            {
                text.Append(',');
                if (derived?[id] is { } value)
                {
                    text.Append(CsvWriter.Number(value));
                }
                else if (derived is not null)
                {
                    missing++;
                }
            }

            text.Append('\n');
        }

        return (new UTF8Encoding(false).GetBytes(text.ToString()), new SnapshotSummary(persons.Count, eligible, respondents, withoutResponse, invalid, missing));
    }

    private static Dictionary<string, string?> Answers(string json)
    {
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            answers[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
        }

        return answers;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
