using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

/// <summary>A small deterministic sample for property and error tests (the R comparisons use the reference files).</summary>
internal static class SmallSample
{
    public static readonly string[] Sexes = ["F", "M"];
    public static readonly string[] Ages = ["18-34", "35-59", "60+"];
    public static readonly string[] Regions = ["N", "S", "E", "W"];

    public sealed record Unit(string Sex, string Age, string Region, double HouseholdSize, double DesignWeight);

    public static List<Unit> Units(int n = 600, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => new Unit(
            Sexes[i % 2],
            Ages[(i / 2) % 3],
            Regions[random.Next(4)],
            1 + random.Next(5),
            50 + random.NextDouble() * 100)).ToList();
    }

    /// <summary>Population totals: the weighted sample shares tilted by a few percent, scaled to N.</summary>
    public static (CategoricalMargin[] Categorical, NumericMargin[] Numeric) Margins(List<Unit> units, double tilt = 0.06)
    {
        var n = units.Sum(u => u.DesignWeight); // g around 1, as after a good nonresponse adjustment
        CategoricalMargin Margin(string name, string[] categories, Func<Unit, string> of)
        {
            var index = units.Select(u => Array.IndexOf(categories, of(u))).ToArray();
            var raw = categories.Select((_, k) => units.Where((u, i) => index[i] == k).Sum(u => u.DesignWeight) * (1 + tilt * (k % 2 == 0 ? 1 : -1))).ToArray();
            var scale = n / raw.Sum();
            return new CategoricalMargin(name, categories, index, raw.Select(x => x * scale).ToArray());
        }

        var sumD = units.Sum(u => u.DesignWeight);
        var household = new NumericMargin("household_size", units.Select(u => u.HouseholdSize).ToArray(), units.Sum(u => u.DesignWeight * u.HouseholdSize) / sumD * n * 1.03);
        return ([Margin("sex", Sexes, u => u.Sex), Margin("age", Ages, u => u.Age), Margin("region", Regions, u => u.Region)], [household]);
    }

    public static CalibrationProblem Problem(List<Unit> units, double tilt = 0.06)
    {
        var (categorical, numeric) = Margins(units, tilt);
        return CalibrationProblem.Create(units.Select(u => u.DesignWeight).ToArray(), categorical, numeric);
    }
}
