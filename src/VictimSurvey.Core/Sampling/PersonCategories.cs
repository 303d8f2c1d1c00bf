namespace VictimSurvey.Core.Sampling;

/// <summary>
/// The categories a sample person carries, as stored (the database checks the same lists). Ages are
/// counted at the end of the reference year: age = reference year − birth year, which is the age a
/// person reached during the year the victimisation questions are about.
/// </summary>
public static class PersonCategories
{
    public const int AdultAge = 18;

    public static IReadOnlyList<string> Sexes { get; } = ["F", "M"];

    /// <summary>Lower bounds 18, 30, 45, 60, 75.</summary>
    public static IReadOnlyList<string> AgeGroups { get; } = ["18-29", "30-44", "45-59", "60-74", "75+"];

    public static IReadOnlyList<string> Diplomas { get; } = ["none", "secondary", "bac", "higher"];

    public static IReadOnlyList<string> UrbanAreaSizes { get; } = ["rural", "under-20k", "20k-200k", "over-200k", "paris"];

    private static readonly int[] AgeGroupLowerBounds = [18, 30, 45, 60, 75];

    /// <summary>The age group of a person born in <paramref name="birthYear"/>, or null when under 18 in the reference year.</summary>
    public static string? AgeGroupOf(int birthYear, int referenceYear)
    {
        var age = referenceYear - birthYear;
        for (var k = AgeGroupLowerBounds.Length - 1; k >= 0; k--)
        {
            if (age >= AgeGroupLowerBounds[k])
            {
                return AgeGroups[k];
            }
        }

        return null;
    }

    /// <summary>The birth years of an age group (inclusive); the open group 75+ stops at age 104.</summary>
    public static (int First, int Last) BirthYearsOf(string ageGroup, int referenceYear)
    {
        var k = AgeGroups.ToList().IndexOf(ageGroup);
        if (k < 0)
        {
            throw new SamplingException($"unknown age group '{ageGroup}'");
        }

        var youngest = AgeGroupLowerBounds[k];
        var oldest = k + 1 < AgeGroupLowerBounds.Length ? AgeGroupLowerBounds[k + 1] - 1 : 104;
        return (referenceYear - oldest, referenceYear - youngest);
    }
}
