using System.Globalization;

namespace VictimSurvey.Jobs.Exports;

/// <summary>
/// The words of the estimates workbook in one language (English or French): headers, flags, sheet names
/// and the Notes. Codes stay as they are in both (indicator names, domain variables, the Metadata keys).
/// </summary>
public sealed class WorkbookText
{
    public const string EnglishCode = "en", FrenchCode = "fr";

    public static IReadOnlyList<string> Languages { get; } = [EnglishCode, FrenchCode];

    public required CultureInfo Culture { get; init; }
    public required string NotesSheet { get; init; }
    public required string MetadataSheet { get; init; }
    public required string[] Header { get; init; }
    public required string IntervalsNote { get; init; } // {0}: the level
    public required string Caution { get; init; } // {0}: the caution CV
    public required string SuppressedBase { get; init; } // {0}: the base, {1}: the least base
    public required string SuppressedCv { get; init; } // {0}: the suppression CV
    public required string WeightingLabel { get; init; }
    public required string VarianceLabel { get; init; }
    public required string IntervalsLabel { get; init; }
    public required string FlagsLabel { get; init; }
    public required string UnitsLabel { get; init; }
    public required string DefinitionsLabel { get; init; }
    public required string SourcesLabel { get; init; }
    public required string Nonresponse { get; init; } // {0}: the method
    public required string Calibration { get; init; } // {0}: the method, {1}: the margins file
    public required string DesignWeights { get; init; }
    public required string Trimming { get; init; }
    public required string Linearization { get; init; } // {0}: strata, {1}: fpc
    public required string OneStratum { get; init; }
    public required string Stratified { get; init; }
    public required string WithFpc { get; init; }
    public required string WithoutFpc { get; init; }
    public required string CalibrationResiduals { get; init; }
    public required string NonresponsePhase { get; init; }
    public required string NonresponseAsDesign { get; init; }
    public required string Bootstrap { get; init; } // {0}: replicates, {1}: seed
    public required string Intervals { get; init; } // {0}: method, {1}: level
    public required string Flags { get; init; } // {0}: least base, {1}: suppression CV, {2}: caution CV
    public required string Units { get; init; }
    public required string ShareOf { get; init; } // {0}: variable
    public required string MeanOf { get; init; }
    public required string TotalOf { get; init; }
    public required string RatioOf { get; init; } // {0}: numerator, {1}: denominator
    public required string Sources { get; init; } // {0}: data file, {1}: spec file

    public string Format(string pattern, params object[] values) => string.Format(Culture, pattern, values);

    /// <summary>The text for a language code ("en", "fr", or a culture name such as "fr-FR"); English for any other.</summary>
    public static WorkbookText For(string? language) =>
        language is not null && language.StartsWith(FrenchCode, StringComparison.OrdinalIgnoreCase) ? French : English;

    public static WorkbookText English { get; } = new()
    {
        Culture = CultureInfo.InvariantCulture,
        NotesSheet = "Notes",
        MetadataSheet = "Metadata",
        Header = ["Indicator", "Domain variable", "Domain", "Estimate", "CI lower", "CI upper", "CV", "Base (n)", "Weighted base", "Flag"],
        IntervalsNote = "Confidence intervals at {0:P0}; suppressed estimates are blank (see the flag and the Notes sheet).",
        Caution = "Use with caution (CV over {0:P1})",
        SuppressedBase = "Suppressed: base {0} under {1}",
        SuppressedCv = "Suppressed: CV over {0:P1}",
        WeightingLabel = "Weighting",
        VarianceLabel = "Variance",
        IntervalsLabel = "Intervals",
        FlagsLabel = "Flags",
        UnitsLabel = "Units",
        DefinitionsLabel = "Definitions",
        SourcesLabel = "Sources",
        Nonresponse = "nonresponse adjustment ({0}), ",
        Calibration = "calibration ({0}) on the margins of {1}",
        DesignWeights = "design weights",
        Trimming = ", trimming",
        Linearization = "Linearization for a {0} design {1} finite-population correction",
        OneStratum = "one-stratum",
        Stratified = "stratified",
        WithFpc = "with",
        WithoutFpc = "without",
        CalibrationResiduals = "; calibrated weights: residuals of the calibration (R survey's convention)",
        NonresponsePhase = " Nonresponse treated as a second phase (Poisson sampling within the response groups), added to the sampling variance of the whole sample.",
        NonresponseAsDesign = " The respondents are taken as the sample, with the nonresponse-adjusted weights as design weights (no separate nonresponse phase).",
        Bootstrap = "Rescaling bootstrap, {0} replicates (seed {1}), each re-adjusted for nonresponse and recalibrated.",
        Intervals = "{0} at {1:P0} for proportions and ratios within [0, 1]; Wald for means, totals and other ratios; Student t with the design's degrees of freedom (n − H, or the domain's).",
        Flags = "Suppressed when the unweighted base is under {0} or the CV over {1:P1}; use with caution when the CV is from {2:P1} to {1:P1}.",
        Units = "Proportions and ratios as percentages; bases are respondents (for a ratio: respondents with a non-zero denominator).",
        ShareOf = "share of persons with {0} = 1",
        MeanOf = "mean of {0}",
        TotalOf = "total of {0}",
        RatioOf = "ratio {0} / {1}",
        Sources = "Data file {0}; weighting spec {1}; produced by VictimSurvey.",
    };

    public static WorkbookText French { get; } = new()
    {
        Culture = CultureInfo.GetCultureInfo("fr-FR"),
        NotesSheet = "Notes",
        MetadataSheet = "Métadonnées",
        Header = ["Indicateur", "Variable de domaine", "Domaine", "Estimation", "IC borne inf.", "IC borne sup.", "CV", "Effectif (n)", "Effectif pondéré", "Qualité"],
        IntervalsNote = "Intervalles de confiance à {0:P0} ; les estimations non diffusées sont laissées vides (voir la colonne Qualité et la feuille Notes).",
        Caution = "À utiliser avec prudence (CV supérieur à {0:P1})",
        SuppressedBase = "Non diffusée : effectif {0} inférieur à {1}",
        SuppressedCv = "Non diffusée : CV supérieur à {0:P1}",
        WeightingLabel = "Pondération",
        VarianceLabel = "Variance",
        IntervalsLabel = "Intervalles",
        FlagsLabel = "Qualité",
        UnitsLabel = "Unités",
        DefinitionsLabel = "Définitions",
        SourcesLabel = "Sources",
        Nonresponse = "correction de la non-réponse ({0}), ",
        Calibration = "calage ({0}) sur les marges de {1}",
        DesignWeights = "poids de sondage",
        Trimming = ", écrêtement",
        Linearization = "Linéarisation pour un plan {0} {1} correction de population finie",
        OneStratum = "à une strate",
        Stratified = "stratifié",
        WithFpc = "avec",
        WithoutFpc = "sans",
        CalibrationResiduals = " ; poids calés : résidus du calage (convention du package survey de R)",
        NonresponsePhase = " Non-réponse traitée comme une seconde phase (tirage de Poisson dans les groupes de réponse), ajoutée à la variance d'échantillonnage de l'échantillon complet.",
        NonresponseAsDesign = " Les répondants sont pris pour l'échantillon, avec les poids corrigés de la non-réponse comme poids de sondage (pas de phase de non-réponse distincte).",
        Bootstrap = "Bootstrap avec remise à l'échelle, {0} réplications (graine {1}), chacune corrigée de la non-réponse et calée à nouveau.",
        Intervals = "{0} à {1:P0} pour les proportions et les ratios compris entre 0 et 1 ; Wald pour les moyennes, les totaux et les autres ratios ; loi de Student aux degrés de liberté du plan (n − H, ou ceux du domaine).",
        Flags = "Non diffusée quand l'effectif non pondéré est inférieur à {0} ou le CV supérieur à {1:P1} ; à utiliser avec prudence quand le CV est compris entre {2:P1} et {1:P1}.",
        Units = "Proportions et ratios en pourcentage ; les effectifs sont des répondants (pour un ratio : les répondants dont le dénominateur n'est pas nul).",
        ShareOf = "part des personnes avec {0} = 1",
        MeanOf = "moyenne de {0}",
        TotalOf = "total de {0}",
        RatioOf = "ratio {0} / {1}",
        Sources = "Fichier de données {0} ; spécification de pondération {1} ; produit par VictimSurvey.",
    };
}
