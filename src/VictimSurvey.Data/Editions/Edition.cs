namespace VictimSurvey.Data.Editions;

/// <summary>A survey year: what it covers, which questionnaires and weighting spec it uses, and where it stands.</summary>
public sealed record Edition
{
    public long Id { get; init; }
    public int Year { get; init; }

    /// <summary>The calendar year the victimisation questions are about: <see cref="Year"/> − 1.</summary>
    public int ReferenceYear { get; init; }

    public string PopulationDefinition { get; init; } = "";

    /// <summary>Department codes covered, in natural order.</summary>
    public string[] Departments { get; init; } = [];

    public string? CoreQuestionnaireId { get; init; }
    public string? CoreQuestionnaireVersion { get; init; }
    public string? ModuleId { get; init; }
    public string? ModuleVersion { get; init; }
    public string? WeightingSpecPath { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record NewEdition(
    int Year,
    string PopulationDefinition,
    IReadOnlyList<string> Departments,
    string? CoreQuestionnaireId = null,
    string? CoreQuestionnaireVersion = null,
    string? ModuleId = null,
    string? ModuleVersion = null,
    string? WeightingSpecPath = null)
{
    /// <summary>The VRS definition, the default for a new edition.</summary>
    public const string VrsPopulation = "Persons aged 18 or over living in ordinary dwellings in the departments covered";
}

/// <summary>An edition operation that the rules refuse; the message says why.</summary>
public sealed class EditionException(string message) : Exception(message);
