using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Fieldwork;
using VictimSurvey.Jobs.Questionnaires;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Fieldwork;

/// <summary>
/// The answer simulation (pure, no database): routing and validity against <see cref="ResponseValidator"/>
/// for every shipped questionnaire, frame consistency, determinism, and the rates of the VRS core
/// questionnaire against the parameters. Tolerance for a share: 4 binomial standard errors of the
/// share's expectation under the model (a false failure about once in 16,000 comparisons), never tuned.
/// </summary>
public sealed class AnswerSimulatorTests
{
    private const double StandardErrors = 4;
    private static readonly string Folder = Path.Combine(BuiltProgram.RepositoryRoot(), "questionnaires");
    private static readonly Lazy<Questionnaire> Core = new(() => QuestionnaireFile.Load(Path.Combine(Folder, "vrs-core-2024.yaml")));

    /// <summary>A proportional demo sample (reference year 2023): the reference population of the parameters' normalisation.</summary>
    private static readonly Lazy<IReadOnlyList<AnswerPerson>> Population = new(() => Persons(50_000, seed: 11));

    private static List<AnswerPerson> Persons(int n, int seed, string? mode = null)
    {
        var allocation = StratifiedAllocation.Allocate(ApproximateAdultPopulation.Departments, new AllocationRequest(AllocationMethod.Proportional, n, 0));
        string[] modes = [FieldworkModes.Web, FieldworkModes.Paper, FieldworkModes.Phone];
        return DemoSampleGenerator.Generate(2023, allocation, seed)
            .Select((p, i) => new AnswerPerson(p.Sex, p.BirthYear, p.AgeGroup, p.DepartmentCode, mode ?? modes[i % 10 < 8 ? 0 : i % 10 == 8 ? 1 : 2])
            {
                HouseholdSize = p.HouseholdSize,
                Diploma = p.Diploma,
                UrbanAreaSize = p.UrbanAreaSize,
            })
            .ToList();
    }

    public static TheoryData<string> Questionnaires() => new(Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Questionnaires))]
    public void Every_simulated_answer_set_passes_the_response_validator(string file)
    {
        var questionnaire = QuestionnaireFile.Load(Path.Combine(Folder, file));
        var simulator = AnswerSimulator.For(questionnaire);
        var validator = ResponseValidator.For(questionnaire);

        var persons = Population.Value.Take(5_000).ToList();
        var problems = persons
            .Select((person, i) => (Case: i, Problems: validator.Check(simulator.Generate(person, seed: 5, caseId: i)).Problems))
            .Where(r => r.Problems.Count > 0)
            .Take(5)
            .Select(r => $"case {r.Case}: " + string.Join("; ", r.Problems))
            .ToList();

        Assert.Empty(problems);
    }

    /// <summary>Every type and filter form the format allows, none with parameters: the generic draw must still route and validate.</summary>
    private const string GenericQuestionnaire = """
        id: test-generic
        version: 3
        label: { fr: Test, en: Test }
        modules:
          - id: everything
            label: { fr: Tout, en: Everything }
            questions:
              - { id: colour, label: { fr: C, en: C }, type: single_choice, codes: [{ code: red, fr: R, en: R }, { code: blue, fr: B, en: B }, { code: x.1, fr: X, en: X }] }
              - { id: pets, label: { fr: P, en: P }, type: multiple_choice, codes: [{ code: cat, fr: C, en: C }, { code: dog, fr: D, en: D }], required: false }
              - { id: moved_in, label: { fr: M, en: M }, type: date }
              - { id: moved_again, label: { fr: M, en: M }, type: date, filter: "moved_in >= moved_in and answered(pets)" }
              - { id: rooms, label: { fr: R, en: R }, type: integer }
              - { id: year_built, label: { fr: Y, en: Y }, type: integer, range: [1800, 2023] }
              - { id: floor, label: { fr: F, en: F }, type: integer, range: [-2, 12] }
              - { id: rent, label: { fr: R, en: R }, type: decimal, range: [0.125, 0.126] }
              - { id: surface, label: { fr: S, en: S }, type: decimal }
              - { id: visits, label: { fr: V, en: V }, type: integer, range: [0, 500] }
              - { id: comment, label: { fr: C, en: C }, type: text, required: false }
              - { id: why, label: { fr: W, en: W }, type: text, filter: "coalesce(rooms, 0) + floor > 3 or colour in ['x.1'] or 'cat' in ['dog']" }
              - { id: dog_name, label: { fr: D, en: D }, type: text, filter: "pets in ['dog'] and not (colour == 'red')" }
        derived:
          - { id: big, label: { fr: B, en: B }, expression: "rooms >= 3" }
        """;

    [Fact]
    public void A_questionnaire_without_parameters_gets_valid_answers_of_every_type()
    {
        var path = Path.Combine(Path.GetTempPath(), "vs-generic-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        File.WriteAllText(path, GenericQuestionnaire);
        Questionnaire questionnaire;
        try
        {
            questionnaire = QuestionnaireFile.Load(path);
        }
        finally
        {
            File.Delete(path);
        }

        var simulator = AnswerSimulator.For(questionnaire);
        var validator = ResponseValidator.For(questionnaire);
        var answers = Population.Value.Take(3_000).Select((p, i) => simulator.Generate(p, 1, i)).ToList();

        Assert.All(answers, a => Assert.Empty(validator.Check(a).Problems));
        Assert.All(questionnaire.Questions, q => Assert.Contains(answers, a => a.ContainsKey(q.Id))); // every question is reached by someone
        Assert.Contains(answers, a => !a.ContainsKey("why"));
        Assert.Contains(answers, a => a.GetValueOrDefault("pets") == "cat;dog");
        Assert.All(answers, a => Assert.StartsWith("2023-", a["moved_in"], StringComparison.Ordinal));
    }

    [Fact]
    public void Optional_questions_are_sometimes_blank_and_every_code_can_occur()
    {
        var questionnaire = Core.Value;
        var simulator = AnswerSimulator.For(questionnaire);
        var answers = Population.Value.Take(20_000).Select((p, i) => simulator.Generate(p, 3, i)).ToList();

        Assert.Contains(answers, a => !a.ContainsKey("neighbourhood_problems"));
        Assert.Contains(answers, a => a.GetValueOrDefault("neighbourhood_problems") == "none");
        Assert.Contains(answers, a => a.GetValueOrDefault("neighbourhood_problems")?.Contains(';', StringComparison.Ordinal) == true);
        Assert.All(answers, a => Assert.False(a.GetValueOrDefault("neighbourhood_problems")?.Contains("none;", StringComparison.Ordinal) == true));
        foreach (var q in questionnaire.Questions.Where(q => q.Type == QuestionType.SingleChoice && q.Id is "unsafe_home" or "occupation" or "tenure" or "burglary_last_report"))
        {
            Assert.All(q.Codes, c => Assert.Contains(answers, a => a.GetValueOrDefault(q.Id) == c.Value));
        }
    }

    [Fact]
    public void Sex_birth_year_household_size_and_diploma_follow_the_frame()
    {
        var simulator = AnswerSimulator.For(Core.Value);
        string[] higher = ["bac_2", "bac_3_4", "bac_5"];

        foreach (var (person, i) in Population.Value.Take(5_000).Select((p, i) => (p, i)))
        {
            var a = simulator.Generate(person, 9, i);
            Assert.Equal(person.Sex, a["sex"]);
            Assert.Equal(person.BirthYear.ToString(System.Globalization.CultureInfo.InvariantCulture), a["birth_year"]);
            Assert.Equal(person.HouseholdSize!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), a["household_size"]);
            Assert.True(person.Diploma != "higher" || higher.Contains(a["diploma"]), $"{person.Diploma} → {a["diploma"]}");
            Assert.True(person.Diploma != "bac" || a["diploma"] == "bac");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_answers_whatever_the_other_cases_and_another_seed_other_answers()
    {
        var simulator = AnswerSimulator.For(Core.Value);
        var completes = Population.Value.Take(2_000).Select((p, i) => new CompletedCase
        {
            Id = 1000 + i,
            Sex = p.Sex,
            BirthYear = p.BirthYear,
            AgeGroup = p.AgeGroup,
            DepartmentCode = p.DepartmentCode,
            Mode = p.Mode,
            HouseholdSize = p.HouseholdSize,
            Diploma = p.Diploma,
            UrbanAreaSize = p.UrbanAreaSize,
            CompletedAt = new DateTimeOffset(2024, 2, 1, 10, 0, 0, TimeSpan.FromHours(1)).AddMinutes(i),
            StartedAt = p.Mode == FieldworkModes.Web && i % 2 == 0 ? new DateTimeOffset(2024, 2, 1, 9, 40, 0, TimeSpan.FromHours(1)).AddMinutes(i) : null,
        }).ToList();

        var once = simulator.ForCompletes(completes, 2024).ToList();
        var again = AnswerSimulator.For(Core.Value).ForCompletes(completes, 2024).ToList();
        var reversed = simulator.ForCompletes(Enumerable.Reverse(completes), 2024).Reverse().ToList();
        var other = simulator.ForCompletes(completes, 2025).ToList();

        static string Flat(SimulatedResponse r) => $"{r.CaseId}|{r.Mode}|{r.StartedAt:O}|{r.CompletedAt:O}|" + string.Join(",", r.Answers.Select(a => $"{a.Key}={a.Value}"));
        Assert.Equal(once.Select(Flat), again.Select(Flat));
        Assert.Equal(once.Select(Flat), reversed.Select(Flat));
        Assert.NotEqual(once.Select(Flat), other.Select(Flat));
        Assert.All(once, r =>
        {
            Assert.Equal(("vrs-core-2024", "1"), (r.QuestionnaireId, r.QuestionnaireVersion));
            Assert.InRange(r.StartedAt, r.CompletedAt.AddHours(-1), r.CompletedAt);
            Assert.True(r.Mode != FieldworkModes.Paper || r.StartedAt == r.CompletedAt);
        });
        Assert.Contains(once, r => r.StartedAt == completes.Single(c => c.Id == r.CaseId).StartedAt);
    }

    /// <summary>Shares of the derived indicators over 50,000 web respondents of the reference population.</summary>
    private sealed class CoreRates
    {
        public CoreRates(AnswerSimulator simulator, IReadOnlyList<AnswerPerson> persons)
        {
            var validator = ResponseValidator.For(simulator.Questionnaire);
            Answers = persons.Select((p, i) => simulator.Generate(p, 2024, i)).ToList();
            Derived = Answers.Select(a => validator.Check(a).Derived).ToList();
            Persons = persons;
        }

        public IReadOnlyList<AnswerPerson> Persons { get; }
        public List<Dictionary<string, string?>> Answers { get; }
        public List<IReadOnlyDictionary<string, double?>> Derived { get; }
    }

    private static readonly Lazy<CoreRates> Rates = new(() =>
        new CoreRates(AnswerSimulator.For(Core.Value), Population.Value.Select(p => p with { Mode = FieldworkModes.Web }).ToList()));

    private static void AssertShare(string what, int hits, int n, double expected, IList<string> failures)
    {
        var share = hits / (double)n;
        var se = Math.Sqrt(expected * (1 - expected) / n);
        if (Math.Abs(share - expected) > StandardErrors * se)
        {
            failures.Add(FormattableString.Invariant($"{what}: {share:F4} over {n}, expected {expected:F4} ± {StandardErrors * se:F4}"));
        }
    }

    [Fact]
    public void Victimisation_rates_are_within_four_standard_errors_of_the_model_and_the_model_keeps_the_national_prevalence()
    {
        var simulator = AnswerSimulator.For(Core.Value);
        var rates = Rates.Value;
        var parameters = new AnswerSimulationParameters();
        var failures = new List<string>();

        foreach (var (offence, o) in parameters.Offences)
        {
            // Persons routed to the screener; expectation = mean of each one's probability (variance Σ p(1 − p)).
            var routed = Enumerable.Range(0, rates.Persons.Count).Where(i => rates.Answers[i].ContainsKey(offence + "_screener")).ToList();
            var probabilities = routed.Select(i => simulator.ScreenerProbability(offence, rates.Persons[i])).ToList();
            var expected = probabilities.Average();
            var victims = routed.Count(i => rates.Derived[i]["victim_" + offence] == 1);
            var se = Math.Sqrt(probabilities.Sum(p => p * (1 - p))) / routed.Count;
            if (Math.Abs((victims / (double)routed.Count) - expected) > StandardErrors * se)
            {
                failures.Add(FormattableString.Invariant($"victim_{offence}: {victims / (double)routed.Count:F4} over {routed.Count} routed, model {expected:F4} ± {StandardErrors * se:F4}"));
            }

            // The normalisation of the age, sex and departmental factors keeps the national prevalence
            // (up to the routing's correlation with them, e.g. fewer cars in Paris: 5% relative at most).
            if (Math.Abs(expected - o.Prevalence) > 0.05 * o.Prevalence)
            {
                failures.Add(FormattableString.Invariant($"victim_{offence}: model mean {expected:F4} is not the parameter {o.Prevalence:F4}"));
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Reporting_rates_are_within_four_standard_errors_of_the_parameters_burglary_completed_and_attempted_apart()
    {
        var rates = Rates.Value;
        var parameters = new AnswerSimulationParameters();
        var failures = new List<string>();

        foreach (var (offence, o) in parameters.Offences.Where(o => o.Value.ComplaintBy is null))
        {
            var victims = rates.Derived.Where(d => d["victim_" + offence] == 1).ToList();
            AssertShare("complaint_" + offence, victims.Count(d => d["complaint_" + offence] == 1), victims.Count, o.Complaint, failures);
        }

        var completed = rates.Derived.Where(d => d["last_burglary_completed"] == 1).ToList();
        var attempts = rates.Derived.Where(d => d["last_burglary_attempt"] == 1).ToList();
        AssertShare("complaint_burglary_completed", completed.Count(d => d["complaint_burglary_completed"] == 1), completed.Count, 0.70, failures);
        AssertShare("complaint_burglary_attempt", attempts.Count(d => d["complaint_burglary_attempt"] == 1), attempts.Count, 0.33, failures);

        Assert.Empty(failures);
    }

    [Fact]
    public void Feeling_unsafe_and_giving_up_going_out_follow_the_parameters_by_sex_and_victims_are_younger()
    {
        var rates = Rates.Value;
        var failures = new List<string>();
        foreach (var (sex, unsafeShare, givesUp) in new[] { ("F", 0.22, 0.27), ("M", 0.14, 0.07) })
        {
            var group = Enumerable.Range(0, rates.Persons.Count).Where(i => rates.Persons[i].Sex == sex).ToList();
            AssertShare("feel_unsafe_neighbourhood " + sex, group.Count(i => rates.Derived[i]["feel_unsafe_neighbourhood"] == 1), group.Count, unsafeShare, failures);
            AssertShare("gives_up_going_out " + sex, group.Count(i => rates.Derived[i]["gives_up_going_out"] == 1), group.Count, givesUp, failures);
        }

        Assert.Empty(failures);

        double Share(string indicator, Func<AnswerPerson, bool> who)
        {
            var group = Enumerable.Range(0, rates.Persons.Count).Where(i => who(rates.Persons[i])).ToList();
            return group.Count(i => rates.Derived[i][indicator] == 1) / (double)group.Count;
        }

        Assert.True(Share("victim_physical_violence", p => p.AgeGroup == "18-29") > 2 * Share("victim_physical_violence", p => p.AgeGroup is "60-74" or "75+"));
        Assert.True(Share("victim_sexual_violence", p => p.Sex == "F") > 3 * Share("victim_sexual_violence", p => p.Sex == "M"));
    }

    [Fact]
    public void The_planted_departmental_factor_is_visible_high_in_Seine_Saint_Denis_low_in_Lozere_and_not_on_online_offences()
    {
        var simulator = AnswerSimulator.For(Core.Value);
        var validator = ResponseValidator.For(Core.Value);
        var persons = Population.Value.Take(20_000).ToList();
        double Share(string department, string indicator) => persons
            .Select((p, i) => validator.Check(simulator.Generate(p with { DepartmentCode = department, Mode = FieldworkModes.Web }, 77, i)).Derived[indicator])
            .Count(v => v == 1) / (double)persons.Count;

        Assert.True(simulator.DepartmentFactor("93") > 1.5 && simulator.DepartmentFactor("48") < 0.6);
        var high = Share("93", "victim_burglary");
        var low = Share("48", "victim_burglary");
        var seDifference = Math.Sqrt((high * (1 - high) / persons.Count) + (low * (1 - low) / persons.Count));
        Assert.True(high - low > StandardErrors * seDifference, FormattableString.Invariant($"burglary 93 {high:F4}, 48 {low:F4}"));
        Assert.Equal(simulator.ScreenerProbability("scam", persons[0] with { DepartmentCode = "93" }), simulator.ScreenerProbability("scam", persons[0] with { DepartmentCode = "48" }));
    }
}
