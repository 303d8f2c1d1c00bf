using System.Globalization;

namespace VictimSurvey.Core.Weighting;

/// <summary>
/// Units with their input weights d and the margins to reproduce, checked and turned into calibration
/// columns. Every unit has exactly one category per categorical margin, so the calibration variables
/// x are stored sparsely: per unit, one column index per categorical margin plus the numeric values.
/// </summary>
/// <remarks>
/// Redundancy: the dummies of each categorical margin sum to 1, so with several margins one column
/// per margin after the first is implied by the others; the last category (with respondents) of every
/// margin but the first is dropped. The weights do not depend on which one is dropped, since F(x'λ)
/// only depends on the space spanned by the columns; the dropped categories still hold after calibration
/// because all margins sum to the same total (checked).
/// </remarks>
public sealed class CalibrationProblem
{
    private const double TotalsAgreementTolerance = 1e-9;

    private CalibrationProblem(
        double[] designWeights,
        IReadOnlyList<CategoricalMargin> categorical,
        IReadOnlyList<NumericMargin> numeric,
        int[][] columnOfCategory,
        int[] numericColumn,
        double[] columnTotals,
        string[] columnNames,
        IReadOnlyList<string> notes)
    {
        DesignWeights = designWeights;
        Categorical = categorical;
        Numeric = numeric;
        ColumnOfCategory = columnOfCategory;
        NumericColumn = numericColumn;
        ColumnTotals = columnTotals;
        ColumnNames = columnNames;
        Notes = notes;
    }

    public int UnitCount => DesignWeights.Length;

    /// <summary>d: the weights calibration starts from (design weights, or nonresponse-adjusted ones).</summary>
    public double[] DesignWeights { get; }

    public IReadOnlyList<CategoricalMargin> Categorical { get; }

    public IReadOnlyList<NumericMargin> Numeric { get; }

    /// <summary>Remarks made while building (dropped empty categories, redundant columns).</summary>
    public IReadOnlyList<string> Notes { get; }

    internal int ColumnCount => ColumnTotals.Length;

    /// <summary>Per categorical margin, per category: its column, or −1 when it is not a constraint (redundant or empty).</summary>
    internal int[][] ColumnOfCategory { get; }

    internal int[] NumericColumn { get; }

    internal double[] ColumnTotals { get; }

    internal string[] ColumnNames { get; }

    /// <summary>
    /// Checks the input and builds the calibration columns. Throws <see cref="WeightingException"/> naming
    /// the problem: non-positive or missing weights, a category with a positive total and no unit, a
    /// category with units and a zero total, margins that do not sum to the same total, collinear margins.
    /// </summary>
    /// <param name="describeUnit">How to name unit i in messages (e.g. "row 17 (id 4411)"); default "unit i".</param>
    public static CalibrationProblem Create(
        double[] designWeights,
        IReadOnlyList<CategoricalMargin> categorical,
        IReadOnlyList<NumericMargin> numeric,
        Func<int, string>? describeUnit = null)
    {
        describeUnit ??= i => "unit " + (i + 1).ToString(CultureInfo.InvariantCulture);
        var n = designWeights.Length;
        CheckDesignWeights(designWeights, describeUnit);
        if (categorical.Count + numeric.Count == 0)
        {
            throw new WeightingException("No margin to calibrate on.");
        }

        var notes = new List<string>();
        var columnTotals = new List<double>();
        var columnNames = new List<string>();
        var columnOfCategory = new int[categorical.Count][];
        double? firstSum = null;
        string? firstName = null;

        for (var m = 0; m < categorical.Count; m++)
        {
            var margin = categorical[m];
            CheckCategoricalMargin(margin, n, describeUnit);
            var counts = new int[margin.Categories.Count];
            foreach (var c in margin.CategoryOfUnit)
            {
                counts[c]++;
            }

            var sum = margin.Totals.Sum();
            if (firstSum is null)
            {
                firstSum = sum;
                firstName = margin.Name;
            }
            else if (Math.Abs(sum - firstSum.Value) > TotalsAgreementTolerance * Math.Max(1, Math.Abs(firstSum.Value)))
            {
                throw new WeightingException(string.Create(CultureInfo.InvariantCulture,
                    $"Margins '{firstName}' and '{margin.Name}' do not sum to the same total: {firstSum.Value:R} and {sum:R} (difference {sum - firstSum.Value:R})."));
            }

            // One category per margin after the first is implied by the others: drop the last one that has units.
            var redundant = m == 0 ? -1 : Array.FindLastIndex(counts, c => c > 0);
            columnOfCategory[m] = new int[margin.Categories.Count];
            for (var k = 0; k < margin.Categories.Count; k++)
            {
                var label = margin.Categories[k];
                if (counts[k] == 0 && margin.Totals[k] > 0)
                {
                    throw new WeightingException(string.Create(CultureInfo.InvariantCulture,
                        $"Margin '{margin.Name}', category '{label}': population total {margin.Totals[k]:R} but no respondent in that category; merge it with a neighbouring category or drop it from the margins."));
                }

                if (counts[k] > 0 && margin.Totals[k] == 0)
                {
                    throw new WeightingException(string.Create(CultureInfo.InvariantCulture,
                        $"Margin '{margin.Name}', category '{label}': {counts[k]} respondent(s) but a population total of 0."));
                }

                if (counts[k] == 0)
                {
                    notes.Add($"Margin '{margin.Name}', category '{label}': no respondent and a zero total; not used.");
                    columnOfCategory[m][k] = -1;
                }
                else if (k == redundant)
                {
                    columnOfCategory[m][k] = -1;
                }
                else
                {
                    columnOfCategory[m][k] = columnTotals.Count;
                    columnTotals.Add(margin.Totals[k]);
                    columnNames.Add($"{margin.Name}={label}");
                }
            }
        }

        var numericColumn = new int[numeric.Count];
        for (var j = 0; j < numeric.Count; j++)
        {
            var margin = numeric[j];
            if (margin.Values.Length != n)
            {
                throw new ArgumentException($"Numeric margin '{margin.Name}' has {margin.Values.Length} values for {n} units.");
            }

            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(margin.Values[i]))
                {
                    throw new WeightingException($"Numeric margin '{margin.Name}': missing or non-numeric value for {describeUnit(i)}.");
                }
            }

            if (!double.IsFinite(margin.Total))
            {
                throw new WeightingException($"Numeric margin '{margin.Name}': the population total is not a number.");
            }

            numericColumn[j] = columnTotals.Count;
            columnTotals.Add(margin.Total);
            columnNames.Add(margin.Name);
        }

        var problem = new CalibrationProblem(designWeights, categorical, numeric, columnOfCategory, numericColumn, [.. columnTotals], [.. columnNames], notes)
        {
            UnitColumns = BuildUnitColumns(n, categorical, columnOfCategory),
        };
        CollinearityCheck.ThrowIfCollinear(problem);
        return problem;
    }

    /// <summary>Per unit, the column of its category in each categorical margin (−1: none); row-major n × margins.</summary>
    internal int[] UnitColumns { get; private init; } = [];

    internal int CategoricalCount => Categorical.Count;

    private static int[] BuildUnitColumns(int n, IReadOnlyList<CategoricalMargin> categorical, int[][] columnOfCategory)
    {
        var stride = categorical.Count;
        var unitColumns = new int[n * stride];
        for (var m = 0; m < stride; m++)
        {
            var categoryOfUnit = categorical[m].CategoryOfUnit;
            var columns = columnOfCategory[m];
            for (var i = 0; i < n; i++)
            {
                unitColumns[i * stride + m] = columns[categoryOfUnit[i]];
            }
        }

        return unitColumns;
    }

    private static void CheckDesignWeights(double[] d, Func<int, string> describeUnit)
    {
        var bad = Enumerable.Range(0, d.Length).Where(i => !(double.IsFinite(d[i]) && d[i] > 0)).ToList();
        if (bad.Count > 0)
        {
            var shown = string.Join(", ", bad.Take(10).Select(i => $"{describeUnit(i)}: {Describe(d[i])}"));
            throw new WeightingException($"{bad.Count} design weight(s) missing, zero or negative: {shown}{(bad.Count > 10 ? ", …" : "")}.");
        }

        if (d.Length == 0)
        {
            throw new WeightingException("No respondent to weight.");
        }
    }

    private static string Describe(double value) =>
        double.IsNaN(value) ? "missing" : value.ToString("R", CultureInfo.InvariantCulture);

    private static void CheckCategoricalMargin(CategoricalMargin margin, int n, Func<int, string> describeUnit)
    {
        if (margin.CategoryOfUnit.Length != n || margin.Totals.Length != margin.Categories.Count)
        {
            throw new ArgumentException($"Margin '{margin.Name}': sizes do not match the units or the categories.");
        }

        for (var k = 0; k < margin.Totals.Length; k++)
        {
            if (!double.IsFinite(margin.Totals[k]) || margin.Totals[k] < 0)
            {
                throw new WeightingException($"Margin '{margin.Name}', category '{margin.Categories[k]}': the total must be a non-negative number, not {Describe(margin.Totals[k])}.");
            }
        }

        for (var i = 0; i < n; i++)
        {
            if ((uint)margin.CategoryOfUnit[i] >= (uint)margin.Categories.Count)
            {
                throw new WeightingException($"Margin '{margin.Name}': {describeUnit(i)} has no category of this margin.");
            }
        }
    }
}
