using VictimSurvey.Core.Sampling;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// One offence family of a questionnaire, found by its question ids: <c>{family}_screener</c> (yes/no),
/// <c>{family}_count</c>, <c>{family}_last_report</c> (complaint / report_only / nothing) and
/// <c>{family}_why_no_complaint</c>. The targets are those of PRODUCT.md for the reference population.
/// </summary>
/// <param name="Prevalence">P(screener = yes) among persons routed to the screener (car owners for car offences, …), national, reference population.</param>
/// <param name="Complaint">P(complaint) for the last incident of a victim.</param>
/// <param name="ReportOnly">Share of "report without complaint" among the victims who did not file a complaint.</param>
/// <param name="Repeat">P(one more incident) after each incident: the count is 1 + a geometric draw (mean Repeat / (1 − Repeat)).</param>
/// <param name="Risk">Name of the age × sex risk profile (<see cref="AnswerSimulationParameters.Risks"/>).</param>
/// <param name="Departmental">Whether the planted departmental factor applies (not to online offences).</param>
/// <param name="PhoneFactor">Factor on the prevalence when answered by telephone (sensitive items are under-reported to an interviewer).</param>
/// <param name="ComplaintBy">Complaint rate by the answer of another question (burglary: completed vs attempt), overriding <paramref name="Complaint"/>.</param>
public sealed record OffenceParameters(
    double Prevalence,
    double Complaint,
    double ReportOnly = 0.3,
    double Repeat = 0.3,
    string Risk = "flat",
    bool Departmental = true,
    double PhoneFactor = 1.0,
    ComplaintByAnswer? ComplaintBy = null);

/// <summary>The complaint rate of an offence by the answer of one earlier question (e.g. <c>burglary_last_completed</c>).</summary>
public sealed record ComplaintByAnswer(string QuestionId, IReadOnlyDictionary<string, double> Rates);

/// <summary>
/// Relative risk by age group (in the order of <see cref="PersonCategories.AgeGroups"/>) and by sex.
/// The simulator divides the product by its mean over the reference population, so the national
/// prevalence stays the offence's <see cref="OffenceParameters.Prevalence"/>.
/// </summary>
public sealed record RiskProfile(IReadOnlyList<double> ByAgeGroup, double Women, double Men);

/// <summary>
/// Weights of the codes of a single-choice question (or of the values of an integer one, the codes
/// being the numbers as text). The first override that matches the person replaces the weights:
/// by urban-area size, then age group, then the frame's diploma, then sex. Codes the question does not have are ignored.
/// </summary>
public sealed record ChoiceParameters(IReadOnlyDictionary<string, double> Weights)
{
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ByUrbanArea { get; init; } = Empty;
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ByAgeGroup { get; init; } = Empty;
    /// <summary>By the frame's diploma (none, secondary, bac, higher).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ByDiploma { get; init; } = Empty;
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> BySex { get; init; } = Empty;

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Empty =
        new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
}

/// <summary>
/// A multiple-choice question: each code is chosen with its own probability, at least one code is
/// given (else one is drawn by those probabilities); <paramref name="Exclusive"/> (e.g. "none") is
/// chosen alone with its probability, before the others.
/// </summary>
public sealed record MultipleChoiceParameters(IReadOnlyDictionary<string, double> Probabilities, string? Exclusive = null);

/// <summary>A numeric answer: normal (mean, sd) or log-normal (median, sd of the log), rounded to <paramref name="Decimals"/> and clamped to the question's range; by sex when given.</summary>
public sealed record NumberParameters(double Mean, double Sd, bool LogNormal = false, int Decimals = 0)
{
    public double? MeanWomen { get; init; }
    public double? MeanMen { get; init; }
}

/// <summary>
/// The knobs of the answer simulation (docs/methodology/fieldwork-data.md, "Simulated answers"), keyed
/// by question id. Kept in code, as <see cref="SeasonSimulationParameters"/>: they are the model of a
/// demo generator, read by its tests, not a format users edit; a YAML file would need its own reader
/// and checks for no user. Questions without parameters get the generic draw (uniform among codes,
/// a plausible number in range), so any questionnaire gets valid answers.
/// </summary>
public sealed record AnswerSimulationParameters
{
    /// <summary>Offence families by name (the prefix of their question ids). Targets: PRODUCT.md (VRS/CVS orders of magnitude).</summary>
    public IReadOnlyDictionary<string, OffenceParameters> Offences { get; init; } = new Dictionary<string, OffenceParameters>(StringComparer.Ordinal)
    {
        // Household offences (asked of the respondent for the household).
        ["burglary"] = new(0.017, 0.53, ReportOnly: 0.35, Repeat: 0.15,
            ComplaintBy: new("burglary_last_completed", new Dictionary<string, double>(StringComparer.Ordinal) { ["completed"] = 0.70, ["attempt"] = 0.33 })),
        ["theft_dwelling"] = new(0.010, 0.35, Repeat: 0.2),
        ["vandalism_dwelling"] = new(0.020, 0.11, ReportOnly: 0.2, Repeat: 0.35),
        ["car_theft"] = new(0.007, 0.85, ReportOnly: 0.4, Repeat: 0.1),          // among households with a car
        ["theft_from_car"] = new(0.025, 0.35, Repeat: 0.25),                      // among households with a car
        ["car_vandalism"] = new(0.050, 0.18, ReportOnly: 0.2, Repeat: 0.35),      // among households with a car: the most frequent
        ["two_wheeler_theft"] = new(0.018, 0.25, Repeat: 0.15),                   // among households with a two-wheeler (about 1% of all)
        // Personal offences.
        ["theft_violence"] = new(0.004, 0.45, Repeat: 0.15, Risk: "violence"),
        ["theft_no_violence"] = new(0.020, 0.35, Repeat: 0.2, Risk: "young"),
        ["physical_violence"] = new(0.009, 0.30, Repeat: 0.4, Risk: "violence"),
        ["sexual_violence"] = new(0.005, 0.10, ReportOnly: 0.15, Repeat: 0.4, Risk: "sexual", PhoneFactor: 0.7),
        ["partner_violence"] = new(0.012, 0.15, ReportOnly: 0.2, Repeat: 0.6, Risk: "partner", PhoneFactor: 0.7), // among persons with a partner now or before
        ["threats"] = new(0.030, 0.12, ReportOnly: 0.25, Repeat: 0.45, Risk: "violence"),
        ["insults"] = new(0.040, 0.04, ReportOnly: 0.15, Repeat: 0.5, Risk: "young"),
        ["scam"] = new(0.030, 0.25, ReportOnly: 0.4, Repeat: 0.15, Departmental: false),
        ["bank_fraud"] = new(0.040, 0.20, ReportOnly: 0.6, Repeat: 0.2, Departmental: false),
        ["discrimination"] = new(0.030, 0.03, ReportOnly: 0.1, Repeat: 0.5, Risk: "young"),
    };

    /// <summary>Age × sex risk profiles (ages 18–29, 30–44, 45–59, 60–74, 75+; women, men), normalised by the simulator.</summary>
    public IReadOnlyDictionary<string, RiskProfile> Risks { get; init; } = new Dictionary<string, RiskProfile>(StringComparer.Ordinal)
    {
        ["flat"] = new([1, 1, 1, 1, 1], 1, 1),
        ["young"] = new([1.8, 1.2, 0.9, 0.6, 0.4], 1, 1),
        ["violence"] = new([2.4, 1.3, 0.8, 0.45, 0.3], 0.85, 1.15),
        ["sexual"] = new([3.2, 1.2, 0.6, 0.25, 0.1], 1.75, 0.25),
        ["partner"] = new([1.8, 1.4, 0.9, 0.5, 0.25], 1.5, 0.5),
    };

    /// <summary>
    /// The planted departmental factor on victimisation prevalences (departmental offences only):
    /// these departments as given, every other one a fixed factor in [0.85, 1.15] from its code. All
    /// are then divided by their adult-population-weighted mean so that the national prevalence holds.
    /// </summary>
    public IReadOnlyDictionary<string, double> DepartmentFactor { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["93"] = 1.8, ["75"] = 1.6, ["13"] = 1.45, ["69"] = 1.35, ["94"] = 1.3, ["92"] = 1.25, ["95"] = 1.3, ["59"] = 1.25,
        ["31"] = 1.2, ["06"] = 1.2, ["33"] = 1.15, ["34"] = 1.2,
        ["48"] = 0.5, ["15"] = 0.55, ["23"] = 0.55, ["46"] = 0.6, ["12"] = 0.65, ["43"] = 0.65, ["32"] = 0.65, ["09"] = 0.65,
    };

    /// <summary>Half-width of the fixed factor of the other departments (1 ± this).</summary>
    public double DepartmentNoise { get; init; } = 0.15;

    /// <summary>Share of the optional (not required) questions left blank, by mode; 5% for other modes.</summary>
    public IReadOnlyDictionary<string, double> OptionalBlankByMode { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["web"] = 0.05, ["paper"] = 0.15, ["phone"] = 0.03,
    };

    /// <summary>Year of the generic date answers (uniform over its days): the reference year of the demo's 2024 edition.</summary>
    public int DateYear { get; init; } = 2023;

    /// <summary>Why no complaint, default probabilities of each reason (a victim gives one or more).</summary>
    public IReadOnlyDictionary<string, double> WhyNoComplaint { get; init; } = P(
        ("not_serious", 0.45), ("pointless", 0.30), ("no_evidence", 0.22), ("settled", 0.12), ("fear_reprisals", 0.03),
        ("shame", 0.02), ("knew_offender", 0.05), ("discouraged", 0.04), ("other", 0.08));

    /// <summary>Why no complaint for violence between people who often know each other (override of <see cref="WhyNoComplaint"/> by family).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> WhyNoComplaintByOffence { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
        {
            ["physical_violence"] = P(("not_serious", 0.3), ("pointless", 0.3), ("fear_reprisals", 0.2), ("knew_offender", 0.3), ("shame", 0.08), ("discouraged", 0.06), ("other", 0.08)),
            ["sexual_violence"] = P(("shame", 0.45), ("fear_reprisals", 0.3), ("knew_offender", 0.4), ("pointless", 0.3), ("no_evidence", 0.2), ("discouraged", 0.08), ("other", 0.05)),
            ["partner_violence"] = P(("knew_offender", 0.8), ("fear_reprisals", 0.35), ("shame", 0.3), ("pointless", 0.2), ("settled", 0.1), ("other", 0.05)),
            ["threats"] = P(("not_serious", 0.4), ("pointless", 0.35), ("fear_reprisals", 0.15), ("knew_offender", 0.2), ("other", 0.08)),
        };

    /// <summary>Single-choice questions (and integer ones with a few values) of the VRS core questionnaire and the modules.</summary>
    public IReadOnlyDictionary<string, ChoiceParameters> Choices { get; init; } = new Dictionary<string, ChoiceParameters>(StringComparer.Ordinal)
    {
        ["couple_status"] = new(P(("cohabiting", 0.58), ("not_cohabiting", 0.06), ("single", 0.36)))
        {
            ByAgeGroup = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["18-29"] = P(("cohabiting", 0.35), ("not_cohabiting", 0.18), ("single", 0.47)),
                ["75+"] = P(("cohabiting", 0.45), ("not_cohabiting", 0.02), ("single", 0.53)),
            },
        },
        ["ever_partner"] = new(P(("yes", 0.70), ("no", 0.30))),
        ["dwelling_type"] = new(P(("house", 0.56), ("flat", 0.42), ("other", 0.02)))
        {
            ByUrbanArea = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["paris"] = P(("house", 0.12), ("flat", 0.87), ("other", 0.01)),
                ["over-200k"] = P(("house", 0.35), ("flat", 0.63), ("other", 0.02)),
                ["rural"] = P(("house", 0.92), ("flat", 0.05), ("other", 0.03)),
            },
        },
        ["tenure"] = new(P(("owner", 0.58), ("tenant_private", 0.23), ("tenant_social", 0.16), ("free", 0.03))),
        ["household_cars"] = new(P(("0", 0.16), ("1", 0.46), ("2", 0.32), ("3", 0.05), ("4", 0.01)))
        {
            ByUrbanArea = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["paris"] = P(("0", 0.45), ("1", 0.42), ("2", 0.12), ("3", 0.01)),
                ["rural"] = P(("0", 0.05), ("1", 0.38), ("2", 0.47), ("3", 0.09), ("4", 0.01)),
            },
        },
        ["household_two_wheelers"] = new(P(("yes", 0.55), ("no", 0.45))),
        ["burglary_last_completed"] = new(P(("completed", 0.55), ("attempt", 0.45))),
        // Opinions: often + sometimes = 22% of women, 14% of men (about 18% in all) feel unsafe in the neighbourhood.
        ["unsafe_neighbourhood"] = new(P(("often", 0.05), ("sometimes", 0.13), ("rarely", 0.22), ("never", 0.60)))
        {
            BySex = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["F"] = P(("often", 0.06), ("sometimes", 0.16), ("rarely", 0.24), ("never", 0.54)),
                ["M"] = P(("often", 0.04), ("sometimes", 0.10), ("rarely", 0.20), ("never", 0.66)),
            },
        },
        ["unsafe_home"] = new(P(("often", 0.02), ("sometimes", 0.07), ("rarely", 0.16), ("never", 0.75)))
        {
            BySex = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["F"] = P(("often", 0.03), ("sometimes", 0.08), ("rarely", 0.18), ("never", 0.71)),
                ["M"] = P(("often", 0.01), ("sometimes", 0.06), ("rarely", 0.14), ("never", 0.79)),
            },
        },
        // Giving up going out alone: 27% of women, 7% of men (often or sometimes).
        ["gave_up_going_out"] = new(P(("often", 0.06), ("sometimes", 0.11), ("rarely", 0.13), ("never", 0.70)))
        {
            BySex = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["F"] = P(("often", 0.10), ("sometimes", 0.17), ("rarely", 0.18), ("never", 0.55)),
                ["M"] = P(("often", 0.02), ("sometimes", 0.05), ("rarely", 0.08), ("never", 0.85)),
            },
        },
        ["activity"] = new(P(("employed", 0.55), ("unemployed", 0.06), ("student", 0.04), ("retired", 0.28), ("homemaker", 0.03), ("other_inactive", 0.04)))
        {
            ByAgeGroup = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["18-29"] = P(("employed", 0.52), ("unemployed", 0.12), ("student", 0.30), ("homemaker", 0.02), ("other_inactive", 0.04)),
                ["30-44"] = P(("employed", 0.82), ("unemployed", 0.08), ("student", 0.01), ("homemaker", 0.05), ("other_inactive", 0.04)),
                ["45-59"] = P(("employed", 0.78), ("unemployed", 0.07), ("retired", 0.03), ("homemaker", 0.05), ("other_inactive", 0.07)),
                ["60-74"] = P(("employed", 0.20), ("unemployed", 0.03), ("retired", 0.70), ("homemaker", 0.03), ("other_inactive", 0.04)),
                ["75+"] = P(("retired", 0.95), ("homemaker", 0.03), ("other_inactive", 0.02)),
            },
        },
        // The questionnaire's diploma follows the frame's (coarser) one.
        ["diploma"] = new(P(("none", 0.17), ("brevet", 0.06), ("cap_bep", 0.22), ("bac", 0.17), ("bac_2", 0.13), ("bac_3_4", 0.12), ("bac_5", 0.13)))
        {
            ByDiploma = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["none"] = P(("none", 1.0)),
                ["secondary"] = P(("brevet", 0.25), ("cap_bep", 0.75)),
                ["bac"] = P(("bac", 1.0)),
                ["higher"] = P(("bac_2", 0.36), ("bac_3_4", 0.32), ("bac_5", 0.32)),
            },
        },
        ["occupation"] = new(P(("farmer", 0.02), ("self_employed", 0.07), ("manager", 0.20), ("intermediate", 0.25), ("employee", 0.26), ("worker", 0.19), ("never_worked", 0.01))),
        // Modules: police contacts (2022), health (2023), online victimisation (2024).
        ["police_contact"] = new(P(("yes", 0.30), ("no", 0.70))),
        ["violence_12m"] = new(P(("yes", 0.05), ("no", 0.95))),
        ["police_trust"] = new(P(("full", 0.25), ("rather", 0.45), ("rather_not", 0.18), ("none", 0.12))),
        ["general_health"] = new(P(("very_good", 0.25), ("good", 0.45), ("fair", 0.22), ("bad", 0.06), ("very_bad", 0.02)))
        {
            ByAgeGroup = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
            {
                ["18-29"] = P(("very_good", 0.40), ("good", 0.45), ("fair", 0.12), ("bad", 0.02), ("very_bad", 0.01)),
                ["75+"] = P(("very_good", 0.08), ("good", 0.35), ("fair", 0.40), ("bad", 0.13), ("very_bad", 0.04)),
            },
        },
        ["activity_limitation"] = new(P(("strongly", 0.08), ("limited", 0.17), ("not_limited", 0.75))),
        ["chronic_condition"] = new(P(("yes", 0.38), ("no", 0.62))),
        ["disability_recognised"] = new(P(("yes", 0.09), ("no", 0.91))),
        ["online_harassment"] = new(P(("yes", 0.06), ("no", 0.94))),
        ["identity_theft"] = new(P(("yes", 0.02), ("no", 0.98))),
        ["phishing_loss"] = new(P(("yes", 0.03), ("no", 0.97))),
    };

    /// <summary>Multiple-choice questions with their own probabilities.</summary>
    public IReadOnlyDictionary<string, MultipleChoiceParameters> MultipleChoices { get; init; } = new Dictionary<string, MultipleChoiceParameters>(StringComparer.Ordinal)
    {
        ["neighbourhood_problems"] = new(P(("none", 0.45), ("drugs", 0.30), ("vandalism", 0.30), ("noise", 0.45), ("gatherings", 0.20)), Exclusive: "none"),
    };

    /// <summary>Numeric questions with a plausible shape (others: the generic draw in range).</summary>
    public IReadOnlyDictionary<string, NumberParameters> Numbers { get; init; } = new Dictionary<string, NumberParameters>(StringComparer.Ordinal)
    {
        ["height_cm"] = new(170, 8) { MeanWomen = 163, MeanMen = 176 },
        ["weight_kg"] = new(72, 13, Decimals: 1) { MeanWomen = 65, MeanMen = 80 },
        ["phishing_loss_eur"] = new(250, 1.2, LogNormal: true, Decimals: 2),
        ["violence_sick_leave_days"] = new(4, 1.1, LogNormal: true),
    };

    /// <summary>Age-group shares of the reference population (18–29 … 75+) and the share of women in each: French adults, as <c>DemoSampleGenerator</c>.</summary>
    public IReadOnlyList<double> ReferenceAgeShares { get; init; } = [0.18, 0.24, 0.25, 0.21, 0.12];

    public IReadOnlyList<double> ReferenceWomenShares { get; init; } = [0.50, 0.51, 0.51, 0.53, 0.60];

    /// <summary>Departments' adult populations, for the mean of the departmental factor.</summary>
    public IReadOnlyList<StratumPopulation> ReferenceDepartments { get; init; } = ApproximateAdultPopulation.Departments;

    private static Dictionary<string, double> P(params (string Code, double Weight)[] pairs) =>
        pairs.ToDictionary(p => p.Code, p => p.Weight, StringComparer.Ordinal);
}
