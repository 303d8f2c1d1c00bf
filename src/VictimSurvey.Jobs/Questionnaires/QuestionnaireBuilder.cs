using System.Globalization;
using VictimSurvey.Core.Questionnaires;
using YamlDotNet.Core;

namespace VictimSurvey.Jobs.Questionnaires;

/// <summary>
/// Turns the YAML tree of a questionnaire file into the Core model, reporting shape errors (unknown or
/// missing keys, wrong kinds of values) with their lines, and remembering the line of every field of
/// every model object so that <see cref="QuestionnaireRules"/>' issues can be placed too. A part with a
/// shape error is still built as well as possible, so that one reading reports every problem.
/// </summary>
internal sealed class QuestionnaireBuilder(string path, List<QuestionnaireFileError> errors)
{
    private static readonly string[] TopKeys = ["id", "version", "label", "code_lists", "modules", "derived"];
    private static readonly string[] ModuleKeys = ["id", "label", "questions"];
    private static readonly string[] QuestionKeys = ["id", "label", "type", "codes", "range", "required", "filter"];
    private static readonly string[] CodeKeys = ["code", "fr", "en"];
    private static readonly string[] LabelKeys = ["fr", "en"];
    private static readonly string[] DerivedKeys = ["id", "label", "expression"];

    private readonly Dictionary<object, Dictionary<string, long>> _lines = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _shapeErrors = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<Code>> _codeLists = new(StringComparer.Ordinal);

    public long LineOf(object subject, string field) =>
        _lines.TryGetValue(subject, out var fields) ? fields.GetValueOrDefault(field, fields.GetValueOrDefault("")) : 1;

    /// <summary>True when the subject already has a shape error: its semantic issues would only repeat it.</summary>
    public bool HasShapeErrors(object subject) => _shapeErrors.Contains(subject);

    public Questionnaire Build(YamlMapping root)
    {
        var start = errors.Count;
        CheckKeys(root, "the questionnaire", TopKeys);
        var id = Text(root, "id", "the questionnaire") ?? "";
        var version = Text(root, "version", "the questionnaire") ?? "";
        var label = Label(root, "the questionnaire");
        var ownErrors = errors.Count > start;
        if (root["code_lists"] is { } lists)
        {
            ReadCodeLists(lists);
        }

        var modules = Sequence(root, "modules", "the questionnaire", required: true).Select(ReadModule).ToList();
        var derived = Sequence(root, "derived", "the questionnaire", required: false).Select(ReadDerived).ToList();
        var questionnaire = new Questionnaire(id, version, label, modules, derived);
        Record(questionnaire, root, "id", "version", "label", "modules");
        if (ownErrors)
        {
            _shapeErrors.Add(questionnaire);
        }

        return questionnaire;
    }

    private void ReadCodeLists(YamlNode node)
    {
        if (node is not YamlMapping mapping)
        {
            Error(node.Start, "code_lists is a mapping: list name → codes");
            return;
        }

        foreach (var (name, value) in mapping.Entries)
        {
            _codeLists[name.Value] = ReadCodes(value, $"code list '{name.Value}'");
        }
    }

    private QuestionnaireModule ReadModule(YamlNode node)
    {
        var start = errors.Count;
        if (node is not YamlMapping mapping)
        {
            Error(node.Start, "each module is a mapping with id, label and questions");
            return Finish(new QuestionnaireModule("", new LocalizedText("", ""), []), node, start);
        }

        var id = Text(mapping, "id", "a module");
        var what = $"module '{id}'";
        CheckKeys(mapping, what, ModuleKeys);
        var label = Label(mapping, what);
        var ownErrors = errors.Count;
        var questions = Sequence(mapping, "questions", what, required: true).Select(ReadQuestion).ToList();
        var module = new QuestionnaireModule(id ?? "", label, questions);
        Record(module, mapping, "id", "label", "questions");
        return Finish(module, node, start, ownErrors);
    }

    private Question ReadQuestion(YamlNode node)
    {
        var start = errors.Count;
        if (node is not YamlMapping mapping)
        {
            Error(node.Start, "each question is a mapping with id, label, type...");
            return Finish(new Question("", new LocalizedText("", ""), QuestionType.Text, [], null, false, null), node, start);
        }

        var id = Text(mapping, "id", "a question");
        var what = $"question '{id}'";
        CheckKeys(mapping, what, QuestionKeys);
        var label = Label(mapping, what);
        var typeName = Text(mapping, "type", what);
        var type = QuestionType.Text;
        if (typeName is not null && !QuestionTypes.ByName.TryGetValue(typeName, out type))
        {
            Error(mapping["type"]!.Start, $"{what}: type '{typeName}' is not one of {string.Join(", ", QuestionTypes.ByName.Keys)}");
        }

        var codes = mapping["codes"] switch
        {
            null => [],
            YamlScalar { IsNull: false } name when _codeLists.TryGetValue(name.Value, out var list) => list,
            YamlScalar name => ErrorAnd<List<Code>>(name.Start, $"{what}: no code list named '{name.Value}' in code_lists", []),
            var inline => ReadCodes(inline, what),
        };
        var question = new Question(id ?? "", label, type, codes, Range(mapping, what), Bool(mapping, "required", what) ?? true, Text(mapping, "filter", what, required: false));
        Record(question, mapping, "id", "label", "type", "codes", "range", "required", "filter");
        return Finish(question, node, start);
    }

    private DerivedVariable ReadDerived(YamlNode node)
    {
        var start = errors.Count;
        if (node is not YamlMapping mapping)
        {
            Error(node.Start, "each derived variable is a mapping with id, label and expression");
            return Finish(new DerivedVariable("", new LocalizedText("", ""), "false"), node, start);
        }

        var id = Text(mapping, "id", "a derived variable");
        var what = $"derived variable '{id}'";
        CheckKeys(mapping, what, DerivedKeys);
        var variable = new DerivedVariable(id ?? "", Label(mapping, what), Text(mapping, "expression", what) ?? "false");
        Record(variable, mapping, "id", "label", "expression");
        return Finish(variable, node, start);
    }

    private List<Code> ReadCodes(YamlNode node, string what)
    {
        var codes = new List<Code>();
        if (node is not YamlSequence sequence)
        {
            Error(node.Start, $"{what}: codes are a list of {{ code, fr, en }} or the name of a code list");
            return codes;
        }

        foreach (var item in sequence.Items)
        {
            var start = errors.Count;
            if (item is not YamlMapping mapping)
            {
                Error(item.Start, $"{what}: each code is a mapping {{ code: ..., fr: ..., en: ... }}");
                continue;
            }

            CheckKeys(mapping, $"{what}: a code", CodeKeys);
            var value = Text(mapping, "code", what) ?? "";
            var code = new Code(value, new LocalizedText(Text(mapping, "fr", $"{what}: code '{value}'") ?? "", Text(mapping, "en", $"{what}: code '{value}'") ?? ""));
            Record(code, mapping, "code");
            codes.Add(Finish(code, item, start));
        }

        return codes;
    }

    private NumericRange? Range(YamlMapping mapping, string what)
    {
        if (mapping["range"] is not { } node || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is YamlSequence { Items: [YamlScalar min, YamlScalar max] }
            && double.TryParse(min.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            && double.TryParse(max.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var high))
        {
            return new NumericRange(low, high);
        }

        Error(node.Start, $"{what}: range is two numbers [min, max]");
        return null;
    }

    private bool? Bool(YamlMapping mapping, string key, string what)
    {
        switch (mapping[key])
        {
            case null:
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { Value: "true" or "false" } flag:
                return flag.Value == "true";
            case var other:
                Error(other.Start, $"{what}: {key} is true or false");
                return null;
        }
    }

    private LocalizedText Label(YamlMapping mapping, string what)
    {
        switch (mapping["label"])
        {
            case null:
                Error(mapping.Start, $"{what} needs a label: {{ fr: ..., en: ... }}");
                return new LocalizedText("", "");
            case YamlMapping label:
                CheckKeys(label, $"{what}: label", LabelKeys);
                return new LocalizedText(Text(label, "fr", $"{what}: label") ?? "", Text(label, "en", $"{what}: label") ?? "");
            case var other:
                Error(other.Start, $"{what}: label is a mapping {{ fr: ..., en: ... }}");
                return new LocalizedText("", "");
        }
    }

    private string? Text(YamlMapping mapping, string key, string what, bool required = true)
    {
        switch (mapping[key])
        {
            case null or YamlScalar { IsNull: true } when required:
                Error(mapping[key]?.Start ?? mapping.Start, $"{what} needs {key}");
                return null;
            case null or YamlScalar { IsNull: true }:
                return null;
            case YamlScalar scalar:
                return scalar.Value;
            case var other:
                Error(other.Start, $"{what}: {key} must be a single value, not a list or a mapping");
                return null;
        }
    }

    private IEnumerable<YamlNode> Sequence(YamlMapping mapping, string key, string what, bool required)
    {
        switch (mapping[key])
        {
            case YamlSequence sequence:
                return sequence.Items;
            case null or YamlScalar { IsNull: true } when !required:
                return [];
            case null:
                Error(mapping.Start, $"{what} needs {key} (a list)");
                return [];
            case var other:
                Error(other.Start, $"{what}: {key} must be a list");
                return [];
        }
    }

    private void CheckKeys(YamlMapping mapping, string what, string[] known)
    {
        foreach (var key in mapping.Entries.Select(e => e.Key).Where(k => !known.Contains(k.Value)))
        {
            Error(key.Start, $"{what}: unknown key '{key.Value}' (expected {string.Join(", ", known)})");
        }
    }

    private void Record(object subject, YamlMapping mapping, params string[] fields)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal) { [""] = mapping.Start.Line };
        foreach (var field in fields)
        {
            if (mapping.Entries.FirstOrDefault(e => e.Key.Value == field) is { Key: not null } entry)
            {
                // A value on the key's line is reported there; a block below it (a list, a mapping) at its own line.
                lines[field] = entry.Value is YamlScalar ? entry.Value.Start.Line : entry.Key.Start.Line;
            }
        }

        _lines[subject] = lines;
    }

    /// <summary>
    /// Marks the part as having shape errors when errors were added from <paramref name="start"/> to
    /// <paramref name="end"/> (default: now; a module stops before its questions, which answer for themselves).
    /// </summary>
    private T Finish<T>(T subject, YamlNode node, int start, int? end = null)
        where T : notnull
    {
        if ((end ?? errors.Count) > start)
        {
            _shapeErrors.Add(subject);
        }

        if (!_lines.ContainsKey(subject))
        {
            _lines[subject] = new Dictionary<string, long>(StringComparer.Ordinal) { [""] = node.Start.Line };
        }

        return subject;
    }

    private void Error(Mark mark, string message) => errors.Add(new QuestionnaireFileError(path, mark.Line, message));

    private T ErrorAnd<T>(Mark mark, string message, T value)
    {
        Error(mark, message);
        return value;
    }
}
