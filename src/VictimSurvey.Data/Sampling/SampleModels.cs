namespace VictimSurvey.Data.Sampling;

/// <summary>A person to load into an edition's phase-1 sample, with its contact data (stored apart).</summary>
public sealed record NewSamplePerson(
    string PseudonymousId,
    string Stratum,
    string DepartmentCode,
    string Sex,
    string AgeGroup,
    int BirthYear,
    string Diploma,
    short HouseholdSize,
    string UrbanAreaSize,
    double InclusionProbability,
    SampleContact Contact);

/// <summary>Personal data for the contact protocol: survey managers only.</summary>
public sealed record SampleContact(
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string AddressLine,
    string PostalCode,
    string City,
    string? Phone,
    string? Email);

/// <summary>How an edition's sample was obtained (the draw's parameters, or an import's file).</summary>
public sealed record SampleDraw
{
    public string AllocationMethod { get; init; } = "";
    public int SampleSize { get; init; }
    public int? MinimumPerStratum { get; init; }
    public double? Power { get; init; }
    public int? Seed { get; init; }
    public string Source { get; init; } = "";
    public DateTimeOffset DrawnAt { get; init; }
}

/// <summary>The planned size of one stratum and its frame population N_h.</summary>
public sealed record PlannedStratum(string DepartmentCode, long Population, int PlannedSize);

/// <summary>One department's planned vs drawn sample, and Σ design weights (equals N_h for a complete draw).</summary>
public sealed record DepartmentAllocation
{
    public string DepartmentCode { get; init; } = "";
    public string DepartmentName { get; init; } = "";
    public long Population { get; init; }
    public int PlannedSize { get; init; }
    public int DrawnSize { get; init; }
    public double DesignWeightSum { get; init; }
}

/// <summary>A pseudonymised sample person: what statisticians may see. No name, address, phone, e-mail or birth date.</summary>
public record SamplePersonRow
{
    public long Id { get; init; }
    public string PseudonymousId { get; init; } = "";
    public string Stratum { get; init; } = "";
    public string DepartmentCode { get; init; } = "";
    public string Sex { get; init; } = "";
    public string AgeGroup { get; init; } = "";
    public int BirthYear { get; init; }
    public string Diploma { get; init; } = "";
    public short HouseholdSize { get; init; }
    public string UrbanAreaSize { get; init; } = "";
    public double InclusionProbability { get; init; }
    public double DesignWeight { get; init; }
    public bool InPhase2 { get; init; }
}

/// <summary>A sample person with contact data: survey managers only (contact protocol).</summary>
public sealed record SamplePersonWithContactRow : SamplePersonRow
{
    public string LastName { get; init; } = "";
    public string FirstName { get; init; } = "";
    public DateOnly? BirthDate { get; init; }
    public string AddressLine { get; init; } = "";
    public string PostalCode { get; init; } = "";
    public string City { get; init; } = "";
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

/// <summary>
/// One page of the sample grid: zero-based page, page size, a sort key from the whitelist
/// (<see cref="SampleStore.PseudonymisedSortKeys"/> or <see cref="SampleStore.ContactSortKeys"/>), and filters.
/// Phase 1 is every sample person; phase 2 only those in the phase-2 subsample.
/// </summary>
public sealed record SamplePageQuery(
    int EditionYear,
    int Page = 0,
    int PageSize = 50,
    string? SortBy = null,
    bool Descending = false,
    string? Department = null,
    string? Sex = null,
    string? AgeGroup = null,
    int? Phase = null);

public sealed record SamplePage<T>(IReadOnlyList<T> Rows, long TotalCount);

/// <summary>A sample operation or query that cannot be done as asked (unknown sort column, edition not planned…).</summary>
public sealed class SampleException(string message) : Exception(message);
