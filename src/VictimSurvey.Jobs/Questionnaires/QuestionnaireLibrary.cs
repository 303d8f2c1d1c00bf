using VictimSurvey.Core.Questionnaires;

namespace VictimSurvey.Jobs.Questionnaires;

/// <summary>A questionnaire file of the library, valid or not.</summary>
public sealed record QuestionnaireEntry(string FileName, Questionnaire? Questionnaire, IReadOnlyList<QuestionnaireFileError> Errors)
{
    public bool IsValid => Questionnaire is not null && Errors.Count == 0;
}

/// <summary>
/// The questionnaire files the back office shows (the repository's <c>questionnaires/</c> folder, copied
/// beside the program at build time, or the folder named by VICTIMSURVEY_QUESTIONNAIRES). Files are
/// read again when they change, so an edited questionnaire shows without a restart.
/// </summary>
public sealed class QuestionnaireLibrary(string folder)
{
    public const string FolderVariable = "VICTIMSURVEY_QUESTIONNAIRES";

    private readonly Lock gate = new();
    private readonly Dictionary<string, (DateTime Written, QuestionnaireEntry Entry)> cache = new(StringComparer.Ordinal);

    public string Folder { get; } = folder;

    /// <summary>VICTIMSURVEY_QUESTIONNAIRES when set, else the <c>questionnaires</c> folder beside the program.</summary>
    public static string DefaultFolder(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? Path.Combine(AppContext.BaseDirectory, "questionnaires") : configured;

    /// <summary>Every <c>.yaml</c> file of the folder, in name order.</summary>
    public IReadOnlyList<QuestionnaireEntry> All()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(Folder, "*.yaml").Order(StringComparer.Ordinal).Select(Entry).ToList();
    }

    /// <summary>The valid questionnaire with this id, or null.</summary>
    public Questionnaire? Find(string id) =>
        All().Where(e => e.IsValid).Select(e => e.Questionnaire).FirstOrDefault(q => string.Equals(q!.Id, id, StringComparison.Ordinal));

    private QuestionnaireEntry Entry(string path)
    {
        var written = File.GetLastWriteTimeUtc(path);
        lock (gate)
        {
            if (cache.TryGetValue(path, out var cached) && cached.Written == written)
            {
                return cached.Entry;
            }
        }

        var result = QuestionnaireFile.Read(path);
        var entry = new QuestionnaireEntry(Path.GetFileName(path), result.Questionnaire, result.Errors);
        lock (gate)
        {
            cache[path] = (written, entry);
        }

        return entry;
    }
}
