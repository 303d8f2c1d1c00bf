namespace VictimSurvey.Core.Fieldwork;

/// <summary>
/// AAPOR outcome rates. <paramref name="E"/> is the e used for RR3, RR4, REF2 and CON2; NaN when it
/// could not be estimated. A rate whose denominator is zero is NaN.
/// </summary>
public sealed record ResponseRates(
    double RR1, double RR2, double RR3, double RR4, double RR5, double RR6,
    double COOP1, double COOP2, double COOP3, double COOP4,
    double REF1, double REF2, double REF3,
    double CON1, double CON2, double CON3,
    double E);

/// <summary>
/// Response, cooperation, refusal and contact rates exactly as AAPOR Standard Definitions (10th ed.,
/// 2023, "Calculating rates from response distributions") defines them, from case counts:
/// <code>
/// RR1 = I / ((I+P) + (R+NC+O) + (UH+UO))          RR2 = (I+P) / ((I+P) + (R+NC+O) + (UH+UO))
/// RR3 = I / ((I+P) + (R+NC+O) + e(UH+UO))         RR4 = (I+P) / ((I+P) + (R+NC+O) + e(UH+UO))
/// RR5 = I / ((I+P) + (R+NC+O))                    RR6 = (I+P) / ((I+P) + (R+NC+O))
/// COOP1 = I / ((I+P) + R + O)                      COOP2 = (I+P) / ((I+P) + R + O)
/// COOP3 = I / ((I+P) + R)                          COOP4 = (I+P) / ((I+P) + R)
/// REF1 = R / ((I+P) + (R+NC+O) + (UH+UO))          REF2 = R / ((I+P) + (R+NC+O) + e(UH+UO))
/// REF3 = R / ((I+P) + (R+NC+O))
/// CON1 = ((I+P) + R + O) / ((I+P) + R + O + NC + (UH+UO))
/// CON2 = ((I+P) + R + O) / ((I+P) + R + O + NC + e(UH+UO))
/// CON3 = ((I+P) + R + O) / ((I+P) + R + O + NC)
/// </code>
/// </summary>
/// <remarks>
/// e, the estimated proportion of unknown-eligibility cases that are eligible, is by default AAPOR's
/// proportional allocation (the "CASRO" estimate): e = (I+P+R+NC+O) / (I+P+R+NC+O+NE), the share of
/// eligible cases among those whose eligibility is known. It may be overridden (a value in [0, 1])
/// when a better estimate exists (e.g. tracing a subsample of unknown cases). When UH+UO = 0 the term
/// e(UH+UO) is 0 whatever e; when it is positive and e cannot be estimated (no case of known
/// eligibility) the rates that use e are NaN. Zero denominators give NaN (no rate, not 0).
/// </remarks>
public static class AaporRates
{
    /// <summary>AAPOR's proportional allocation: e = (I+P+R+NC+O) / (I+P+R+NC+O+NE); NaN when no case has a known eligibility.</summary>
    public static double ProportionalEligibility(DispositionCounts c) =>
        Ratio(c.KnownEligible, c.KnownEligible + c.NE);

    /// <param name="e">The eligibility rate of unknown cases; null for <see cref="ProportionalEligibility"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="e"/> outside [0, 1].</exception>
    public static ResponseRates Compute(DispositionCounts c, double? e = null)
    {
        if (e is { } given && !(given is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(e), given, "e is a proportion: it must be between 0 and 1.");
        }

        var eligibility = e ?? ProportionalEligibility(c);
        double interviews = c.I + c.P;
        double eligible = interviews + c.R + c.NC + c.O;
        double unknown = c.Unknown;
        var estimatedUnknown = unknown == 0 ? 0 : eligibility * unknown;
        double contacted = interviews + c.R + c.O;

        return new ResponseRates(
            RR1: Ratio(c.I, eligible + unknown),
            RR2: Ratio(interviews, eligible + unknown),
            RR3: Ratio(c.I, eligible + estimatedUnknown),
            RR4: Ratio(interviews, eligible + estimatedUnknown),
            RR5: Ratio(c.I, eligible),
            RR6: Ratio(interviews, eligible),
            COOP1: Ratio(c.I, interviews + c.R + c.O),
            COOP2: Ratio(interviews, interviews + c.R + c.O),
            COOP3: Ratio(c.I, interviews + c.R),
            COOP4: Ratio(interviews, interviews + c.R),
            REF1: Ratio(c.R, eligible + unknown),
            REF2: Ratio(c.R, eligible + estimatedUnknown),
            REF3: Ratio(c.R, eligible),
            CON1: Ratio(contacted, contacted + c.NC + unknown),
            CON2: Ratio(contacted, contacted + c.NC + estimatedUnknown),
            CON3: Ratio(contacted, contacted + c.NC),
            E: eligibility);
    }

    /// <summary>The rates of a set of dispositions.</summary>
    public static ResponseRates Compute(IEnumerable<CaseDisposition> dispositions, double? e = null) =>
        Compute(DispositionCounts.From(dispositions), e);

    // 0/0 and x/0 are both "no rate"; a NaN denominator (e unknown) propagates.
    private static double Ratio(double numerator, double denominator) =>
        denominator == 0 || double.IsNaN(denominator) ? double.NaN : numerator / denominator;
}
