using System.Globalization;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Jobs.Files;
using YamlDotNet.Core;

namespace VictimSurvey.Jobs.Questionnaires;

/// <summary>One problem of a questionnaire file, at a line (1-based).</summary>
public sealed record QuestionnaireFileError(string File, long Line, string Message)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {Message}");
}

/// <summary>The questionnaire read from a file, or null when the file has errors (all of them listed).</summary>
public sealed record QuestionnaireFileResult(string File, Questionnaire? Questionnaire, IReadOnlyList<QuestionnaireFileError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Reads a questionnaire (YAML; format in docs/methodology/questionnaires.md) and checks it: the YAML
/// shape here (duplicate and unknown keys, missing fields, type names, ranges, code lists), then
/// <see cref="QuestionnaireRules"/> for the meaning (ids, codes and ranges against types, filters and
/// derived expressions). Every problem is reported with the file and the line, not only the first.
/// </summary>
public static class QuestionnaireFile
{
    public static QuestionnaireFileResult Read(string path)
    {
        if (!File.Exists(path))
        {
            return new QuestionnaireFileResult(path, null, [new QuestionnaireFileError(path, 0, "file not found")]);
        }

        var errors = new List<QuestionnaireFileError>();
        YamlNode? root;
        try
        {
            root = YamlTree.Load(File.ReadAllText(path), (mark, message) => errors.Add(new QuestionnaireFileError(path, mark.Line, message)));
        }
        catch (YamlException ex)
        {
            return new QuestionnaireFileResult(path, null, [new QuestionnaireFileError(path, ex.Start.Line, "YAML syntax: " + (ex.InnerException?.Message ?? ex.Message))]);
        }

        if (root is not YamlMapping mapping)
        {
            errors.Add(new QuestionnaireFileError(path, root?.Start.Line ?? 1, "a questionnaire file is a mapping with id, version, label, modules and derived"));
            return new QuestionnaireFileResult(path, null, errors);
        }

        var builder = new QuestionnaireBuilder(path, errors);
        var questionnaire = builder.Build(mapping);
        foreach (var issue in QuestionnaireRules.Check(questionnaire))
        {
            if (!builder.HasShapeError(issue.Subject, issue.Field))
            {
                errors.Add(new QuestionnaireFileError(path, builder.LineOf(issue.Subject, issue.Field), issue.Message));
            }
        }

        var ordered = errors.OrderBy(e => e.Line).ToList();
        return new QuestionnaireFileResult(path, ordered.Count == 0 ? questionnaire : null, ordered);
    }

    /// <summary>The questionnaire, or an <see cref="InputFileException"/> listing every error, one per line.</summary>
    public static Questionnaire Load(string path)
    {
        var result = Read(path);
        return result.Questionnaire ?? throw new InputFileException(string.Join(Environment.NewLine, result.Errors));
    }
}
