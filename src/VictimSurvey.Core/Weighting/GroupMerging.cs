using System.Globalization;

namespace VictimSurvey.Core.Weighting;

/// <summary>
/// Merges groups with too few respondents, deterministically.
/// </summary>
/// <remarks>
/// Groups are cells keyed by the values of the crossing variables (v1, …, vk), ordered by those values
/// (ordinal string order, so "18-29" &lt; "30-44" &lt; … as written). Rule, from the last variable back:
/// at level k, within each set of cells that share v1…v(k−1), the first cell (in v_k order) with fewer
/// respondents than the minimum is merged with its next neighbour in v_k order (its previous one when
/// it is the last), and this repeats until every cell of the set has enough or the set is one cell.
/// Then at level k−1 the same is done with the whole sets: a set still too small is merged with the
/// smallest cell (fewest respondents, then first in order) of the neighbouring set in v_(k−1) order.
/// And so on up to v1; a single remaining group is kept whatever its size. Merged labels join the
/// cells' labels with " + ".
/// </remarks>
internal static class GroupMerging
{
    public sealed record Result(int[] GroupOfUnit, IReadOnlyList<string> Labels, IReadOnlyList<string> Merges);

    /// <summary>
    /// The cells of a crossing, built once from every unit that may take part: their keys in order, and
    /// the cell of each unit (−1 for units left out). Bootstrap replicates merge from these, counting only
    /// the units they draw, instead of grouping the units' values again for each replicate.
    /// </summary>
    public sealed class Cells
    {
        internal Cells(string[][] keys, int[] cellOfUnit) => (Keys, CellOfUnit) = (keys, cellOfUnit);

        internal string[][] Keys { get; }

        internal int[] CellOfUnit { get; }
    }

    private sealed class Cell(string[] key, string label)
    {
        public string[] Key { get; } = key;
        public string Label { get; set; } = label;
        public List<int> Members { get; } = [];
        public int Respondents { get; set; }
    }

    /// <param name="keys">Per unit, its values of the crossing variables; null for units left out (ineligible).</param>
    public static Cells Group(string[]?[] keys, int depth)
    {
        var byKey = new SortedDictionary<string[], int>(new KeyComparer(depth));
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is { } key)
            {
                byKey.TryAdd(key, 0);
            }
        }

        var sorted = byKey.Keys.ToArray();
        for (var c = 0; c < sorted.Length; c++)
        {
            byKey[sorted[c]] = c;
        }

        var cellOfUnit = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            cellOfUnit[i] = keys[i] is { } key ? byKey[key] : -1;
        }

        return new Cells(sorted, cellOfUnit);
    }

    /// <param name="keys">Per unit, its values of the crossing variables; null for units left out (ineligible).</param>
    public static Result Merge(string[]?[] keys, bool[] responded, int depth, int minRespondents) =>
        Merge(Group(keys, depth), included: null, responded, depth, minRespondents);

    /// <summary>
    /// The merge of the units of <paramref name="grouped"/> that are <paramref name="included"/> (all of its
    /// units when null): the same groups as grouping those units alone, since a cell none of them is in does
    /// not exist for the merge.
    /// </summary>
    public static Result Merge(Cells grouped, bool[]? included, bool[] responded, int depth, int minRespondents)
    {
        var unitCount = new int[grouped.Keys.Length];
        var respondentCount = new int[grouped.Keys.Length];
        var cellOfUnit = grouped.CellOfUnit;
        for (var i = 0; i < cellOfUnit.Length; i++)
        {
            var c = cellOfUnit[i];
            if (c >= 0 && (included is null || included[i]))
            {
                unitCount[c]++;
                respondentCount[c] += responded[i] ? 1 : 0;
            }
        }

        var cells = new List<Cell>(grouped.Keys.Length);
        for (var c = 0; c < grouped.Keys.Length; c++)
        {
            if (unitCount[c] > 0)
            {
                var cell = new Cell(grouped.Keys[c], string.Join(MarginsBuilder.CrossSeparator, grouped.Keys[c])) { Respondents = respondentCount[c] };
                cell.Members.Add(c);
                cells.Add(cell);
            }
        }

        var merges = new List<string>();
        for (var level = depth; level >= 1; level--)
        {
            // Sets of cells sharing v1..v(level−1); within a set, blocks of cells sharing v1..v(level).
            foreach (var set in cells.GroupBy(c => Prefix(c.Key, level - 1)).Select(g => g.ToList()).ToList())
            {
                var blocks = set.GroupBy(c => Prefix(c.Key, level)).Select(g => g.ToList()).ToList();
                while (blocks.Count > 1)
                {
                    var small = blocks.FindIndex(b => b.Sum(c => c.Respondents) < minRespondents);
                    if (small < 0)
                    {
                        break;
                    }

                    var neighbour = small < blocks.Count - 1 ? small + 1 : small - 1;
                    var from = blocks[small];
                    var into = blocks[neighbour].OrderBy(c => c.Respondents).First();
                    var fromRespondents = from.Sum(c => c.Respondents);
                    foreach (var cell in from)
                    {
                        merges.Add(string.Create(CultureInfo.InvariantCulture,
                            $"'{cell.Label}' ({fromRespondents} respondent(s), fewer than {minRespondents}) merged with '{into.Label}'"));
                        into.Members.AddRange(cell.Members);
                        into.Respondents += cell.Respondents;
                        into.Label += " + " + cell.Label;
                        cells.Remove(cell);
                    }

                    blocks[neighbour] = [.. blocks[neighbour]];
                    blocks.RemoveAt(small);
                }
            }
        }

        var groupOfCell = new int[grouped.Keys.Length];
        Array.Fill(groupOfCell, -1);
        for (var g = 0; g < cells.Count; g++)
        {
            foreach (var c in cells[g].Members)
            {
                groupOfCell[c] = g;
            }
        }

        var groupOfUnit = new int[cellOfUnit.Length];
        for (var i = 0; i < cellOfUnit.Length; i++)
        {
            var c = cellOfUnit[i];
            groupOfUnit[i] = c >= 0 && (included is null || included[i]) ? groupOfCell[c] : -1;
        }

        if (cells.Any(c => c.Respondents == 0))
        {
            throw new WeightingException("A nonresponse group has no respondent even after merging: there is no respondent at all among the eligible units.");
        }

        return new Result(groupOfUnit, cells.Select(c => c.Label).ToList(), merges);
    }

    private static string Prefix(string[] key, int length) => string.Join('\u001f', key.Take(length));

    private sealed class KeyComparer(int depth) : IComparer<string[]>
    {
        public int Compare(string[]? x, string[]? y)
        {
            for (var v = 0; v < depth; v++)
            {
                var c = string.CompareOrdinal(x![v], y![v]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }
    }
}
