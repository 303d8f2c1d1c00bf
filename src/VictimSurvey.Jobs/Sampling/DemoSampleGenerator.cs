using System.Globalization;
using System.Text;
using Bogus;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Sampling;
using static Bogus.DataSets.Name;

namespace VictimSurvey.Jobs.Sampling;

/// <summary>
/// Simulates a stratified draw from the tax-based register: in each department, n_h persons with
/// π_h = n_h / N_h, carrying plausible characteristics. Seeded (Bogus with a fixed seed): the same
/// allocation and seed give the same persons on every run and every machine.
/// <para>
/// The distributions are rough shapes of French adults, for demos and tests only: age groups
/// 18/24/25/21/12 %; more women in older groups; diplomas shifting towards higher education in
/// younger groups; small households for older persons; urban-area size following the department
/// (Paris area, departments with a large city, others). Names and street names come from Bogus's
/// French locale; every address is in the department's prefecture (its postal code), streets vary.
/// E-mail addresses end in <c>.invalid</c> (RFC 2606) so that demo data can never reach a real mailbox.
/// </para>
/// </summary>
public static class DemoSampleGenerator
{
    // Internal: DemoPopulationMargins derives the demo edition's calibration margins from the same shares.
    internal static readonly double[] AgeGroupShares = [0.18, 0.24, 0.25, 0.21, 0.12];
    internal static readonly double[] WomenShareByAgeGroup = [0.50, 0.51, 0.51, 0.53, 0.60];

    internal static readonly double[][] DiplomaByAgeGroup =
    [
        [0.10, 0.25, 0.30, 0.35],
        [0.12, 0.28, 0.18, 0.42],
        [0.18, 0.40, 0.17, 0.25],
        [0.28, 0.40, 0.13, 0.19],
        [0.45, 0.35, 0.09, 0.11],
    ];

    /// <summary>Household size 1…6 by age group.</summary>
    private static readonly double[][] HouseholdByAgeGroup =
    [
        [0.20, 0.30, 0.20, 0.17, 0.09, 0.04],
        [0.15, 0.20, 0.20, 0.27, 0.12, 0.06],
        [0.18, 0.32, 0.20, 0.18, 0.08, 0.04],
        [0.30, 0.52, 0.10, 0.05, 0.02, 0.01],
        [0.48, 0.45, 0.04, 0.02, 0.01, 0.00],
    ];

    // Urban-area size shares in the order of PersonCategories.UrbanAreaSizes (rural, under-20k, 20k-200k, over-200k, paris).
    private static readonly double[] ParisCore = [0, 0, 0, 0, 1];
    private static readonly double[] ParisOuter = [0.05, 0.05, 0.05, 0, 0.85];
    private static readonly double[] LargeCity = [0.15, 0.20, 0.20, 0.45, 0];
    private static readonly double[] Elsewhere = [0.35, 0.30, 0.25, 0.10, 0];
    private static readonly HashSet<string> LargeCityDepartments =
        ["06", "13", "31", "33", "34", "35", "37", "38", "44", "54", "57", "59", "63", "67", "69", "76", "83", "974"];

    private static readonly string[] EmailProviders = ["orange", "free", "laposte", "gmail", "sfr", "outlook"];

    public static IReadOnlyList<NewSamplePerson> Generate(int referenceYear, IReadOnlyList<StratumAllocation> allocation, int seed)
    {
        var faker = new Faker("fr") { Random = new Randomizer(seed) };
        var random = faker.Random;

        // Pools drawn once from Bogus's French lists: picking from them is much cheaper than asking
        // Bogus to render a template for each of 200,000 persons, and just as deterministic.
        var streets = Enumerable.Range(0, 3000).Select(_ => faker.Address.StreetName()).ToArray();
        var women = Enumerable.Range(0, 2000).Select(_ => faker.Name.FirstName(Gender.Female)).ToArray();
        var men = Enumerable.Range(0, 2000).Select(_ => faker.Name.FirstName(Gender.Male)).ToArray();
        var lastNames = Enumerable.Range(0, 5000).Select(_ => faker.Name.LastName()).ToArray();

        var persons = new List<NewSamplePerson>(allocation.Sum(a => a.Size));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var idPrefix = "S" + (referenceYear + 1).ToString(CultureInfo.InvariantCulture)[2..] + "-";
        foreach (var stratum in allocation)
        {
            var urban = UrbanShares(stratum.Code);
            var (prefecture, prefecturePostalCode) = Prefectures.ByDepartment[stratum.Code];
            for (var i = 0; i < stratum.Size; i++)
            {
                var ageGroup = Pick(random, AgeGroupShares);
                var female = random.Double() < WomenShareByAgeGroup[ageGroup];
                var birthYear = BirthYear(random, ageGroup, referenceYear);
                var birthDate = new DateOnly(birthYear, 1, 1).AddDays(random.Int(0, DateTime.IsLeapYear(birthYear) ? 365 : 364));
                var firstName = female ? women[random.Int(0, women.Length - 1)] : men[random.Int(0, men.Length - 1)];
                var lastName = lastNames[random.Int(0, lastNames.Length - 1)];
                var contact = new SampleContact(
                    lastName,
                    firstName,
                    birthDate,
                    random.Int(1, 180).ToString(CultureInfo.InvariantCulture) + " " + streets[random.Int(0, streets.Length - 1)],
                    // Demo addresses are all in the department's prefecture: Bogus's French town list knows
                    // nothing of departments, and a town from elsewhere would contradict the department.
                    prefecturePostalCode,
                    prefecture,
                    random.Double() < 0.70 ? Phone(random, stratum.Code) : null,
                    random.Double() < 0.55 ? Email(random, firstName, lastName) : null);
                persons.Add(new NewSamplePerson(
                    NewPseudonymousId(random, idPrefix, ids),
                    stratum.Code,
                    stratum.Code,
                    female ? "F" : "M",
                    PersonCategories.AgeGroups[ageGroup],
                    birthYear,
                    PersonCategories.Diplomas[Pick(random, DiplomaByAgeGroup[ageGroup])],
                    (short)(1 + Pick(random, HouseholdByAgeGroup[ageGroup])),
                    PersonCategories.UrbanAreaSizes[Pick(random, urban)],
                    stratum.InclusionProbability,
                    contact));
            }
        }

        return persons;
    }

    private static int Pick(Randomizer random, double[] shares)
    {
        var u = random.Double() * shares.Sum();
        for (var k = 0; k < shares.Length - 1; k++)
        {
            u -= shares[k];
            if (u < 0)
            {
                return k;
            }
        }

        return shares.Length - 1;
    }

    /// <summary>Uniform over the group's ages, except 75+ where older ages thin out (75–99).</summary>
    private static int BirthYear(Randomizer random, int ageGroup, int referenceYear)
    {
        var (first, last) = PersonCategories.BirthYearsOf(PersonCategories.AgeGroups[ageGroup], referenceYear);
        if (ageGroup < PersonCategories.AgeGroups.Count - 1)
        {
            return random.Int(first, last);
        }

        var age = 75 + (int)(25 * Math.Pow(random.Double(), 2));
        return referenceYear - age;
    }

    private static double[] UrbanShares(string department) => department switch
    {
        "75" or "92" or "93" or "94" => ParisCore,
        "77" or "78" or "91" or "95" => ParisOuter,
        _ when LargeCityDepartments.Contains(department) => LargeCity,
        _ => Elsewhere,
    };

    /// <summary>French numbering: mobiles 06/07 in metropolitan France, the overseas mobile prefixes elsewhere.</summary>
    private static string Phone(Randomizer random, string department)
    {
        var prefix = department switch
        {
            "971" => "0690",
            "972" => "0696",
            "973" => "0694",
            "974" => "0692",
            "976" => "0639",
            _ => random.Bool() ? "06" + random.Int(10, 99).ToString(CultureInfo.InvariantCulture) : "07" + random.Int(50, 89).ToString(CultureInfo.InvariantCulture),
        };
        var digits = prefix + random.Int(0, 999_999).ToString("D6", CultureInfo.InvariantCulture);
        return string.Join(' ', Enumerable.Range(0, 5).Select(k => digits.Substring(2 * k, 2)));
    }

    private static string Email(Randomizer random, string firstName, string lastName)
    {
        var suffix = random.Bool() ? random.Int(1, 99).ToString(CultureInfo.InvariantCulture) : "";
        return $"{Ascii(firstName)}.{Ascii(lastName)}{suffix}@{EmailProviders[random.Int(0, EmailProviders.Length - 1)]}.invalid";
    }

    private static string Ascii(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is '-' or ' ' or '\'')
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }

    /// <summary>"S24-" and 8 random base-32 characters: says nothing about the person or the order of the draw.</summary>
    private static string NewPseudonymousId(Randomizer random, string prefix, HashSet<string> taken)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        while (true)
        {
            var chars = new char[8];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Int(0, alphabet.Length - 1)];
            }

            var id = prefix + new string(chars);
            if (taken.Add(id))
            {
                return id;
            }
        }
    }
}
