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
    private readonly Dictionary<object, HashSet<string>> _badFields = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<Code>> _codeLists = new(StringComparer.Ordinal);

    public long LineOf(object subject, string field) =>
        _lines.TryGetValue(subject, out var fields) ? fields.GetValueOrDefault(field, fields.GetValueOrDefault("")) : 1;

    /// <summary>
    /// True when the field already has a shape error (or the whole part does: field ""): a semantic
    /// issue there would only repeat it. A bad type also hides issues about codes and range, which
    /// were checked against a placeholder type.
    /// </summary>
    public bool HasShapeError(object subject, string field) =>
        _badFields.TryGetValue(subject, out var bad) && (bad.Contains("") || bad.Contains(field) || (bad.Contains("type") && field is "codes" or "range"));

    public Questionnaire Build(YamlMapping root)
    {
        var bad = new HashSet<string>(StringComparer.Ordinal);
        CheckKeys(root, "the questionnaire", TopKeys);
        var id = Track(bad, "id", () => Text(root, "id", "the questionnaire")) ?? "";
        var version = Track(bad, "version", () => Text(root, "version", "the questionnaire")) ?? "";
        var label = Track(bad, "label", () => Label(root, "the questionnaire"));
        if (root["code_lists"] is { } lists)
        {
            ReadCodeLists(lists);
        }

        var modules = Track(bad, "modules", () => Sequence(root, "modules", "the questionnaire", required: true)).Select(ReadModule).ToList();
        var derived = Sequence(root, "derived", "the questionnaire", required: false).Select(ReadDerived).ToList();
        var questionnaire = new Questionnaire(id, version, label, modules, derived);
        Record(questionnaire, root, bad, "id", "version", "label", "modules");
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
        if (node is not YamlMapping mapping)
        {
            Error(node.Start, "each module is a mapping with id, label and questions");
            return Broken(new QuestionnaireModule("", new LocalizedText("", ""), []), node);
        }

        var bad = new HashSet<string>(StringComparer.Ordinal);
        var id = Track(bad, "id", () => Text(mapping, "id", "a module"));
        var what = $"module '{id}'";
        CheckKeys(mapping, what, ModuleKeys);
        var label = Track(bad, "label", () => Label(mapping, what));
        var questions = Track(bad, "questions", () => Sequence(mapping, "questions", what, required: true)).Select(ReadQuestion).ToList();
        var module = new QuestionnaireModule(id ?? "", label, questions);
        Record(module, mapping, bad, "id", "label", "questions");
        return module;
    }

    private Question ReadQuestion(YamlNode node)
    {
        if (node is not YamlMapping mapping)
        {
            Error(node.Start, "each question is a mapping with id, label, type...");
            return Broken(new Question("", new LocalizedText("", ""), QuestionType.Text, [], null, false, null), node);
        }

        var bad = new HashSet<string>(StringComparer.Ordinal);
        var id = Track(bad, "id", () => Text(mapping, "id", "a question"));
        var what = $"question '{id}'";
        CheckKeys(mapping, what, QuestionKeys);
        var label = Track(bad, "label", () => Label(mapping, what));
        var type = Track(bad, "type", () => Type(mapping, what));
        var codes = Track(bad, "codes", () => mapping["codes"] switch
        {
            null => [],
            YamlScalar { IsNull: false } name when _codeLists.TryGetValue(name.Value, out var list) => list,
            YamlScalar name => ErrorAnd<List<Code>>(name.Start, $"{what}: no code list named '{name.Value}' in code_lists", []),
            var inline => ReadCodes(inline, what),
        });
        var range = Track(bad, "range", () => Range(mapping, what));
        var required = Track(bad, "required", () => Bool(mapping, "required", what)) ?? true;
        var filter = Track(bad, "filter", () => Text(mapping, "filter", what, required: false));
        var question = new Question(id ?? "", label, type, codes, range, required, filter);
        Record(question, mapping, bad, "id", "label", "type", "codes", "range", "required", "filter");
        return question;
    }

    private QuestionType Type(YamlMapping mapping, string what)
    {
        var name = Text(mapping, "type", what);
        if (name is null)
        {
            return QuestionType.Text;
        }

        if (QuestionTypes.ByName.TryGetValue(name, out var type))
        {
            return type;
        }

        Error(mapping["type"]!.Start, $"{what}: type '{name}' is not one of {string.Join(", ", QuestionTypes.ByName.Keys)}");
        return QuestionType.Text;
    }

    private DerivedVariable ReadDerived(YamlNode node)
    {
        if (node is not YamlMapping mapping)
        {
            Error(node.Start, "each derived variable is a mapping with id, label and expression");
            return Broken(new DerivedVariable("", new LocalizedText("", ""), "false"), node);
        }

        var bad = new HashSet<string>(StringComparer.Ordinal);
        var id = Track(bad, "id", () => Text(mapping, "id", "a derived variable"));
        var what = $"derived variable '{id}'";
        CheckKeys(mapping, what, DerivedKeys);
        var label = Track(bad, "label", () => Label(mapping, what));
        var expression = Track(bad, "expression", () => Text(mapping, "expression", what)) ?? "false";
        var variable = new DerivedVariable(id ?? "", label, expression);
        Record(variable, mapping, bad, "id", "label", "expression");
        return variable;
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
            if (item is not YamlMapping mapping)
            {
                Error(item.Start, $"{what}: each code is a mapping {{ code: ..., fr: ..., en: ... }}");
                continue;
            }

            var bad = new HashSet<string>(StringComparer.Ordinal);
            CheckKeys(mapping, $"{what}: a code", CodeKeys);
            var value = Track(bad, "code", () => Text(mapping, "code", what)) ?? "";
            var fr = Track(bad, "label", () => Text(mapping, "fr", $"{what}: code '{value}'")) ?? "";
            var en = Track(bad, "label", () => Text(mapping, "en", $"{what}: code '{value}'")) ?? "";
            var code = new Code(value, new LocalizedText(fr, en));
            Record(code, mapping, bad, "code");
            codes.Add(code);
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

    private void Record(object subject, YamlMapping mapping, HashSet<string> badFields, params string[] fields)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal) { [""] = mapping.Start.Line };
        foreach (var field in fields)
        {
            if (mapping.Entries.FirstOrDefault(e => e.Key.Value == field) is { Key: not null } entry)
            {
                // A value on the key's line is reported there; a block below it (a list, a mapping) at its key.
                lines[field] = entry.Value is YamlScalar ? entry.Value.Start.Line : entry.Key.Start.Line;
            }
        }

        _lines[subject] = lines;
        _badFields[subject] = badFields;
    }

    /// <summary>A part that is not even a mapping: placed at its line, every semantic issue about it hidden.</summary>
    private T Broken<T>(T subject, YamlNode node)
        where T : notnull
    {
        _lines[subject] = new Dictionary<string, long>(StringComparer.Ordinal) { [""] = node.Start.Line };
        _badFields[subject] = [""];
        return subject;
    }

    /// <summary>Reads one field, noting it in <paramref name="bad"/> when the reading reported a shape error.</summary>
    private T Track<T>(HashSet<string> bad, string field, Func<T> read)
    {
        var before = errors.Count;
        var value = read();
        if (errors.Count > before)
        {
            bad.Add(field);
        }

        return value;
    }

    private void Error(Mark mark, string message) => errors.Add(new QuestionnaireFileError(path, mark.Line, message));

    private T ErrorAnd<T>(Mark mark, string message, T value)
    {
        Error(mark, message);
        return value;
    }
}
