using System.Globalization;

namespace VictimSurvey.Core.Weighting;

/// <summary>The sampled units as nonresponse adjustment sees them (respondents and non-respondents).</summary>
/// <param name="DesignWeights">d for every sampled unit.</param>
/// <param name="Eligible">False for units found not eligible (AAPOR 4.x): left out of both sides of the factor.</param>
/// <param name="Responded">True for respondents (only eligible units can be).</param>
/// <param name="DescribeUnit">How to name unit i in messages.</param>
public sealed record NonresponseInput(double[] DesignWeights, bool[] Eligible, bool[] Responded, Func<int, string> DescribeUnit);

/// <summary>One response-homogeneity group (or score class) after merging.</summary>
public sealed record ResponseGroup(string Label, int Eligible, int Respondents, double EligibleWeight, double RespondentWeight)
{
    /// <summary>Σ d over eligible sampled units / Σ d over respondents.</summary>
    public double Factor => EligibleWeight / RespondentWeight;
}

/// <summary>The adjusted weights and how they were obtained.</summary>
/// <param name="AdjustedWeights">d × factor for respondents; 0 for non-respondents and ineligible units.</param>
/// <param name="GroupOfUnit">Index into <paramref name="Groups"/> for eligible units; −1 for ineligible ones.</param>
/// <param name="Merges">Each merge of a small group, in the order done, in words.</param>
/// <param name="Propensities">Estimated response propensities (logistic model only; NaN for ineligible units).</param>
/// <param name="Coefficients">Logistic model coefficients by term (logistic model only).</param>
public sealed record NonresponseResult(
    double[] AdjustedWeights,
    int[] GroupOfUnit,
    IReadOnlyList<ResponseGroup> Groups,
    IReadOnlyList<string> Merges,
    double[]? Propensities = null,
    IReadOnlyList<(string Term, double Estimate)>? Coefficients = null)
{
    /// <summary>The design weights d the factors were computed from, for every sampled unit (the variance's second phase needs them).</summary>
    public double[] DesignWeights { get; init; } = [];
}

/// <summary>
/// Nonresponse adjustment by reweighting within groups: factor_g = Σ_{eligible sampled in g} d / Σ_{respondents in g} d,
/// applied to the respondents' d. Groups are response-homogeneity groups (cells crossed from frame
/// variables) or classes of estimated response propensity (<see cref="LogisticResponseModel"/>).
/// Groups with fewer respondents than the minimum are merged by <see cref="GroupMerging"/> (documented there).
/// </summary>
public static class NonresponseAdjustment
{
    /// <summary>Response-homogeneity groups crossed from <paramref name="groupValues"/> (one array of values per variable, for every unit).</summary>
    public static NonresponseResult ResponseHomogeneityGroups(
        NonresponseInput input, IReadOnlyList<string> groupVariables, IReadOnlyList<IReadOnlyList<string>> groupValues, int minRespondents)
    {
        Validate(input, minRespondents);
        var cells = GroupMerging.Group(GroupKeys(input.Eligible, input.DescribeUnit, groupVariables, groupValues), groupVariables.Count);
        return Adjust(input, GroupMerging.Merge(cells, input.Eligible, input.Responded, groupVariables.Count, minRespondents));
    }

    /// <summary>
    /// The same, with the cells already built (<see cref="GroupKeys"/> on every unit a replicate may draw):
    /// a bootstrap replicate only counts the units it draws in each cell and merges the cells.
    /// </summary>
    internal static NonresponseResult ResponseHomogeneityGroups(NonresponseInput input, GroupMerging.Cells cells, int depth, int minRespondents)
    {
        Validate(input, minRespondents);
        return Adjust(input, GroupMerging.Merge(cells, input.Eligible, input.Responded, depth, minRespondents));
    }

    /// <summary>Per unit, its values of the group variables (null for units not eligible); a missing value is an error naming the unit.</summary>
    internal static string[]?[] GroupKeys(bool[] eligible, Func<int, string> describeUnit, IReadOnlyList<string> groupVariables, IReadOnlyList<IReadOnlyList<string>> groupValues)
    {
        var keys = new string[eligible.Length][];
        for (var i = 0; i < eligible.Length; i++)
        {
            if (!eligible[i])
            {
                continue;
            }

            keys[i] = new string[groupVariables.Count];
            for (var v = 0; v < groupVariables.Count; v++)
            {
                var value = groupValues[v][i];
                if (string.IsNullOrEmpty(value))
                {
                    throw new WeightingException($"{describeUnit(i)}, column '{groupVariables[v]}': missing value (nonresponse group variable).");
                }

                keys[i][v] = value;
            }
        }

        return keys;
    }

    /// <summary>Classes of estimated propensity: k classes cut at the type-7 quantiles j/k of the eligible units' propensities (right-closed).</summary>
    public static NonresponseResult PropensityClasses(NonresponseInput input, LogisticFit fit, int classes, int minRespondents)
    {
        Validate(input, minRespondents);
        if (classes < 1)
        {
            throw new WeightingException("The number of propensity classes must be at least 1.");
        }

        var n = input.DesignWeights.Length;
        var eligiblePropensities = Enumerable.Range(0, n).Where(i => input.Eligible[i]).Select(i => fit.Propensities[i]).Order().ToArray();
        var cuts = Enumerable.Range(1, classes - 1).Select(j => GDistribution.Quantile(eligiblePropensities, (double)j / classes)).ToArray();
        var width = classes.ToString(CultureInfo.InvariantCulture).Length;
        var keys = new string[n][];
        for (var i = 0; i < n; i++)
        {
            if (input.Eligible[i])
            {
                var cls = 1 + cuts.Count(q => q < fit.Propensities[i]);
                keys[i] = [cls.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')];
            }
        }

        var result = Adjust(input, GroupMerging.Merge(keys, input.Responded, 1, minRespondents));
        return result with { Propensities = fit.Propensities, Coefficients = fit.Coefficients };
    }

    private static void Validate(NonresponseInput input, int minRespondents)
    {
        if (minRespondents < 1)
        {
            throw new WeightingException("min_respondents must be at least 1.");
        }

        var n = input.DesignWeights.Length;
        for (var i = 0; i < n; i++)
        {
            if (!(double.IsFinite(input.DesignWeights[i]) && input.DesignWeights[i] > 0))
            {
                throw new WeightingException($"{input.DescribeUnit(i)}: design weight missing, zero or negative.");
            }

            if (input.Responded[i] && !input.Eligible[i])
            {
                throw new WeightingException($"{input.DescribeUnit(i)}: marked as respondent but not eligible.");
            }
        }

        if (!input.Responded.Any(r => r))
        {
            throw new WeightingException("No respondent: nothing to adjust.");
        }
    }

    private static NonresponseResult Adjust(NonresponseInput input, GroupMerging.Result merging)
    {
        var n = input.DesignWeights.Length;
        var groups = new (int Eligible, int Respondents, double EligibleWeight, double RespondentWeight)[merging.Labels.Count];
        for (var i = 0; i < n; i++)
        {
            var g = merging.GroupOfUnit[i];
            if (g < 0)
            {
                continue;
            }

            groups[g].Eligible++;
            groups[g].EligibleWeight += input.DesignWeights[i];
            if (input.Responded[i])
            {
                groups[g].Respondents++;
                groups[g].RespondentWeight += input.DesignWeights[i];
            }
        }

        var table = merging.Labels.Select((label, g) => new ResponseGroup(label, groups[g].Eligible, groups[g].Respondents, groups[g].EligibleWeight, groups[g].RespondentWeight)).ToList();
        var adjusted = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (input.Responded[i])
            {
                adjusted[i] = input.DesignWeights[i] * table[merging.GroupOfUnit[i]].Factor;
            }
        }

        return new NonresponseResult(adjusted, merging.GroupOfUnit, table, merging.Merges) { DesignWeights = input.DesignWeights };
    }
}
