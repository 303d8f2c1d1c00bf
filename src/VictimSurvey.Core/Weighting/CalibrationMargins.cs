namespace VictimSurvey.Core.Weighting;

/// <summary>
/// A categorical margin: each unit falls in exactly one category; <see cref="Totals"/> are the population
/// counts per category. A crossed margin (sex × age group) is a categorical margin whose categories are the cells.
/// </summary>
/// <param name="Name">As in the margins file, e.g. <c>department</c> or <c>sex:age_group</c>.</param>
/// <param name="Categories">Category labels, in the order of <paramref name="Totals"/>.</param>
/// <param name="CategoryOfUnit">For each unit, the index of its category in <paramref name="Categories"/>.</param>
/// <param name="Totals">Population total of each category.</param>
public sealed record CategoricalMargin(string Name, IReadOnlyList<string> Categories, int[] CategoryOfUnit, double[] Totals);

/// <summary>A numeric margin: the population total of a numeric variable (e.g. household size).</summary>
public sealed record NumericMargin(string Name, double[] Values, double Total);

/// <summary>One row of the margins table of a result: a category (or a numeric margin) before and after weighting.</summary>
/// <param name="Category">Empty for a numeric margin.</param>
/// <param name="PopulationTotal">The target.</param>
/// <param name="Before">Σ d·x with the input weights.</param>
/// <param name="After">Σ w·x with the final weights.</param>
public sealed record MarginCheck(string Margin, string Category, double PopulationTotal, double Before, double After)
{
    public double RelativeError => Math.Abs(After - PopulationTotal) / (1 + Math.Abs(PopulationTotal));
}
