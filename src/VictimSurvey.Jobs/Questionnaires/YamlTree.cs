using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VictimSurvey.Jobs.Questionnaires;

/// <summary>A YAML node with the position it starts at, so every message can name its line.</summary>
internal abstract record YamlNode(Mark Start);

/// <summary>A scalar as written (no implicit typing: <c>yes</c> stays the text "yes", <c>1</c> the text "1").</summary>
internal sealed record YamlScalar(string Value, bool IsPlain, Mark Start) : YamlNode(Start)
{
    /// <summary>An empty plain scalar, <c>~</c> or <c>null</c>: YAML's null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, Mark Start) : YamlNode(Start);

internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries, Mark Start) : YamlNode(Start)
{
    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}

/// <summary>
/// Loads one YAML document into <see cref="YamlNode"/>s from YamlDotNet's parser events. We build our own
/// tree rather than use YamlDotNet's representation model so that every duplicate key is reported (with
/// its line) instead of the load stopping at the first, and scalars keep their text as written.
/// </summary>
internal static class YamlTree
{
    /// <exception cref="YamlException">on a YAML syntax error (its Start mark gives the line).</exception>
    public static YamlNode? Load(string text, Action<Mark, string> error)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        YamlNode root;
        try
        {
            root = Read(parser, anchors, error);
            parser.Consume<DocumentEnd>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or EndOfStreamException)
        {
            // YamlDotNet's parser gives up without a position on some broken flow collections; the last
            // event read is where the structure stopped making sense.
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(mark, mark, "the structure breaks here (an unclosed '{', '[' or quote above?)", ex);
        }

        if (parser.Accept<DocumentStart>(out var second))
        {
            error(second.Start, "one questionnaire per file: a second YAML document starts here");
        }

        return root;
    }

    private static YamlNode Read(IParser parser, Dictionary<string, YamlNode> anchors, Action<Mark, string> error)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }

            error(alias.Start, $"unknown alias *{alias.Value.Value}");
            return new YamlScalar("", true, alias.Start);
        }

        YamlNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, scalar.Start);
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(Read(parser, anchors, error));
            }

            node = new YamlSequence(items, sequence.Start);
            anchor = sequence.Anchor;
        }
        else if (parser.TryConsume<MappingStart>(out var mapping))
        {
            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = Read(parser, anchors, error);
                var value = Read(parser, anchors, error);
                if (key is not YamlScalar name)
                {
                    error(key.Start, "a key must be a plain name");
                }
                else if (entries.Any(e => e.Key.Value == name.Value))
                {
                    error(name.Start, $"duplicate key '{name.Value}' (first at line {entries.First(e => e.Key.Value == name.Value).Key.Start.Line})");
                }
                else
                {
                    entries.Add(new(name, value));
                }
            }

            node = new YamlMapping(entries, mapping.Start);
            anchor = mapping.Anchor;
        }
        else
        {
            // The parser stopped where a value was expected (e.g. an unclosed { or [ at the end of the file).
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(mark, mark, "a value was expected here" + (parser.Current is null ? " but the file ends" : ""));
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }
}
