using System.Globalization;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Jobs.Files;

namespace VictimSurvey.Jobs.Sampling;

/// <summary>
/// The demo edition's calibration margins (weighting-specs/vrs-2024-margins.csv): the population the
/// demo frame stands for, so that the weighting of the demo has the shape of a real one (nonresponse
/// skews the respondents, calibration brings them back). Departments: the frame's adult populations
/// (<see cref="ApproximateAdultPopulation"/>); sex × age group and diploma: the national total split by
/// the shares <see cref="DemoSampleGenerator"/> draws persons with. Illustrative, not official figures.
/// <c>victimsurvey demo margins</c> prints them; a test checks the committed file against it.
/// </summary>
public static class DemoPopulationMargins
{
    public static readonly string[] Header = ["variable", "category", "total"];

    public static IReadOnlyList<(string Variable, string Category, long Total)> For(IReadOnlyList<string> departments)
    {
        var populations = ApproximateAdultPopulation.For(departments);
        long total = populations.Sum(p => p.Population);
        var ages = PersonCategories.AgeGroups;

        var sexAge = PersonCategories.Sexes.SelectMany(sex => ages.Select((age, k) =>
            ($"{sex}:{age}", DemoSampleGenerator.AgeGroupShares[k] * (sex == "F" ? DemoSampleGenerator.WomenShareByAgeGroup[k] : 1 - DemoSampleGenerator.WomenShareByAgeGroup[k]))));
        var diploma = PersonCategories.Diplomas.Select((name, d) =>
            (name, ages.Select((_, k) => DemoSampleGenerator.AgeGroupShares[k] * DemoSampleGenerator.DiplomaByAgeGroup[k][d]).Sum()));

        return
        [
            .. populations.Select(p => ("department", p.Code, p.Population)),
            .. Split("sex:age_group", total, sexAge.ToList()),
            .. Split("diploma", total, diploma.ToList()),
        ];
    }

    /// <summary>The file's text, in the format the weighting spec's margins take.</summary>
    public static string Csv(IReadOnlyList<string> departments) =>
        string.Join(',', Header) + "\n"
        + string.Concat(For(departments).Select(m => string.Create(CultureInfo.InvariantCulture, $"{CsvWriter.Escape(m.Variable)},{CsvWriter.Escape(m.Category)},{m.Total}\n")));

    /// <summary>
    /// Whole persons per category, summing exactly to the total: the shares rounded down, and the persons
    /// left over given to the largest remainders (every margin of a raking must have the same total).
    /// </summary>
    private static IEnumerable<(string, string, long)> Split(string variable, long total, IReadOnlyList<(string Category, double Share)> shares)
    {
        var sum = shares.Sum(s => s.Share);
        var exact = shares.Select(s => total * s.Share / sum).ToArray();
        var whole = exact.Select(x => (long)Math.Floor(x)).ToArray();
        var left = total - whole.Sum();
        foreach (var k in Enumerable.Range(0, exact.Length).OrderByDescending(k => exact[k] - whole[k]).ThenBy(k => k).Take((int)left))
        {
            whole[k]++;
        }

        return shares.Select((s, k) => (variable, s.Category, whole[k]));
    }
}
