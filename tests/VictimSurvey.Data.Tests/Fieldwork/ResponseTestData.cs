using System.Globalization;
using Npgsql;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Tests.Sampling;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Data.Tests.Fieldwork;

/// <summary>
/// A fieldwork edition (cases EXT-00001…, season 2025-03-03 to 2025-07-31) with a small core
/// questionnaire (test-core v1) and module (test-module v1) attached, their YAML files in a folder of the test.
/// </summary>
public sealed class ResponseServices(NpgsqlDataSource db, string folder)
{
    public const string CoreYaml = """
        id: test-core
        version: 1
        label: { fr: "Questionnaire de test", en: "Test questionnaire" }
        modules:
          - id: main
            label: { fr: "Principal", en: "Main" }
            questions:
              - id: burglary
                label: { fr: "Cambriolage ?", en: "Burglary?" }
                type: single_choice
                codes:
                  - { code: "yes", fr: "Oui", en: "Yes" }
                  - { code: "no", fr: "Non", en: "No" }
              - id: burglary_count
                label: { fr: "Combien ?", en: "How many?" }
                type: integer
                range: [1, 99]
                filter: "burglary == 'yes'"
              - id: why_no_complaint
                label: { fr: "Pourquoi ?", en: "Why?" }
                type: multiple_choice
                required: false
                filter: "burglary == 'yes'"
                codes:
                  - { code: "not_serious", fr: "Pas grave", en: "Not serious" }
                  - { code: "pointless", fr: "Inutile", en: "Pointless" }
                  - { code: "other", fr: "Autre", en: "Other" }
        derived:
          - id: victim_burglary
            label: { fr: Victime, en: Victim }
            expression: "burglary == 'yes'"
        """;

    public const string ModuleYaml = """
        id: test-module
        version: 1
        label: { fr: "Module de test", en: "Test module" }
        modules:
          - id: online
            label: { fr: "En ligne", en: "Online" }
            questions:
              - id: online_harassment
                label: { fr: "Harcèlement en ligne ?", en: "Online harassment?" }
                type: single_choice
                codes:
                  - { code: "yes", fr: "Oui", en: "Yes" }
                  - { code: "no", fr: "Non", en: "No" }
        """;

    public const string CsvHeader = "case_id,questionnaire_id,questionnaire_version,started_at,completed_at,burglary,burglary_count,why_no_complaint";

    private readonly FieldworkServices fieldwork = new(db);

    public string Folder { get; } = folder;

    public ResponseStore Store { get; } = new(db);

    public QuestionnaireLibrary Library { get; } = new(WriteQuestionnaires(folder));

    public ResponseFileImport Import => new(fieldwork.Protocol, new EditionStore(db), fieldwork.Events, Store, Library);

    public int NextYear() => TestYears.Next(db);

    /// <summary>An edition with cases EXT-00001… (at most 10), the fieldwork season, and the test questionnaires attached.</summary>
    public async Task<int> EditionAsync(int cases, bool withCore = true, bool withModule = true)
    {
        var year = NextYear();
        var path = ImportFiles.Write(Folder, Enumerable.Range(1, cases).Select(k => AdultIn(year, ImportFiles.ValidRow(k))));
        await new SampleServices(db).Import.RunAsync(path, year, replace: false, default);
        await fieldwork.Protocol.SetSeasonAsync(year, FieldworkServices.SeasonStart, FieldworkServices.SeasonEnd, default);
        var editions = new EditionStore(db);
        if (withCore)
        {
            await editions.AttachCoreQuestionnaireAsync(year, "test-core", "1", default);
        }

        if (withModule)
        {
            await editions.AttachModuleAsync(year, "test-module", "1", default);
        }

        return year;
    }

    /// <summary>A core row: case EXT-0000k, started and completed on 2025-03-05 (Paris), then the answers.</summary>
    public static string CoreRow(int k, string answers = "no,,") =>
        $"EXT-{k:D5},test-core,1,2025-03-05T10:00:00+01:00,2025-03-05T10:25:00+01:00,{answers}";

    public string WriteCsv(params string[] rows) => Write(".csv", CsvHeader + "\n" + string.Join('\n', rows) + "\n");

    public string Write(string extension, string text)
    {
        var path = Path.Combine(Folder, "responses-" + Guid.NewGuid().ToString("N")[..8] + extension);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>As FieldworkServices does: aged 41 to 70 in the edition's year, whatever the year.</summary>
    private static Dictionary<string, string> AdultIn(int year, Dictionary<string, string> row)
    {
        var born = DateOnly.ParseExact(row["birth_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        row["birth_date"] = new DateOnly(year - 41 - born.Year % 30, born.Month, born.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return row;
    }

    private static string WriteQuestionnaires(string folder)
    {
        var questionnaires = Directory.CreateDirectory(Path.Combine(folder, "questionnaires")).FullName;
        File.WriteAllText(Path.Combine(questionnaires, "test-core.yaml"), CoreYaml);
        File.WriteAllText(Path.Combine(questionnaires, "test-module.yaml"), ModuleYaml);
        return questionnaires;
    }
}
