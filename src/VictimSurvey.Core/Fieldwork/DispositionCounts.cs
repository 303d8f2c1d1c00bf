namespace VictimSurvey.Core.Fieldwork;

/// <summary>
/// Case counts by AAPOR rate group: I complete, P partial, R refusal and break-off, NC non-contact,
/// O other eligible, UH unknown eligibility (nothing known about the person or the address), UO
/// unknown eligibility (other), NE not eligible.
/// </summary>
public sealed record DispositionCounts(long I, long P, long R, long NC, long O, long UH, long UO, long NE)
{
    public static DispositionCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Cases known to be eligible: I + P + R + NC + O.</summary>
    public long KnownEligible => I + P + R + NC + O;

    /// <summary>Cases of unknown eligibility: UH + UO.</summary>
    public long Unknown => UH + UO;

    public long Total => KnownEligible + Unknown + NE;

    public static DispositionCounts From(IEnumerable<CaseDisposition> dispositions) =>
        dispositions.Aggregate(Zero, (counts, d) => counts.Add(d.Category));

    public DispositionCounts Add(AaporCategory category) => category switch
    {
        AaporCategory.Complete => this with { I = I + 1 },
        AaporCategory.Partial => this with { P = P + 1 },
        AaporCategory.Refusal => this with { R = R + 1 },
        AaporCategory.NonContact => this with { NC = NC + 1 },
        AaporCategory.Other => this with { O = O + 1 },
        AaporCategory.UnknownHousehold => this with { UH = UH + 1 },
        AaporCategory.UnknownOther => this with { UO = UO + 1 },
        AaporCategory.NotEligible => this with { NE = NE + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown AAPOR category."),
    };
}
