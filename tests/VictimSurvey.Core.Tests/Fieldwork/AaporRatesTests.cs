using VictimSurvey.Core.Fieldwork;

namespace VictimSurvey.Core.Tests.Fieldwork;

/// <summary>AAPOR rates against hand-computed cases (Standard Definitions, 10th ed., 2023).</summary>
public class AaporRatesTests
{
    private const double Tolerance = 1e-12;

    // I=40 P=10 R=20 NC=10 O=5 UH=10 UO=5 NE=15: known eligible 85, unknown 15, total 115.
    private static readonly DispositionCounts Example = new(I: 40, P: 10, R: 20, NC: 10, O: 5, UH: 10, UO: 5, NE: 15);

    [Fact]
    public void Every_rate_matches_the_aapor_formula_computed_by_hand_with_e_below_one()
    {
        var r = AaporRates.Compute(Example);

        // e = (I+P+R+NC+O)/(I+P+R+NC+O+NE) = 85/100; e(UH+UO) = 0.85 × 15 = 12.75
        Assert.Equal(0.85, r.E, Tolerance);
        Assert.Equal(40.0 / 100, r.RR1, Tolerance);      // I / (50 + 35 + 15)
        Assert.Equal(50.0 / 100, r.RR2, Tolerance);      // (I+P) / 100
        Assert.Equal(40.0 / 97.75, r.RR3, Tolerance);    // I / (85 + 12.75)
        Assert.Equal(50.0 / 97.75, r.RR4, Tolerance);
        Assert.Equal(40.0 / 85, r.RR5, Tolerance);       // I / (I+P+R+NC+O)
        Assert.Equal(50.0 / 85, r.RR6, Tolerance);
        Assert.Equal(40.0 / 75, r.COOP1, Tolerance);     // I / ((I+P) + R + O) = 40 / (50 + 20 + 5)
        Assert.Equal(50.0 / 75, r.COOP2, Tolerance);
        Assert.Equal(40.0 / 70, r.COOP3, Tolerance);     // I / ((I+P) + R)
        Assert.Equal(50.0 / 70, r.COOP4, Tolerance);
        Assert.Equal(20.0 / 100, r.REF1, Tolerance);     // R / 100
        Assert.Equal(20.0 / 97.75, r.REF2, Tolerance);
        Assert.Equal(20.0 / 85, r.REF3, Tolerance);
        Assert.Equal(75.0 / 100, r.CON1, Tolerance);     // ((I+P)+R+O) / (75 + NC 10 + 15)
        Assert.Equal(75.0 / 97.75, r.CON2, Tolerance);   // 75 / (75 + 10 + 12.75)
        Assert.Equal(75.0 / 85, r.CON3, Tolerance);
    }

    [Fact]
    public void A_given_e_replaces_the_proportional_allocation()
    {
        var r = AaporRates.Compute(Example, e: 0.5);

        // e(UH+UO) = 7.5
        Assert.Equal(0.5, r.E);
        Assert.Equal(40.0 / 92.5, r.RR3, Tolerance);
        Assert.Equal(20.0 / 92.5, r.REF2, Tolerance);
        Assert.Equal(75.0 / 92.5, r.CON2, Tolerance);
        Assert.Equal(40.0 / 100, r.RR1, Tolerance); // untouched by e
    }

    [Fact]
    public void E_of_one_makes_rr3_equal_rr1_and_e_of_zero_makes_it_equal_rr5()
    {
        Assert.Equal(AaporRates.Compute(Example).RR1, AaporRates.Compute(Example, 1).RR3, Tolerance);
        Assert.Equal(AaporRates.Compute(Example).RR5, AaporRates.Compute(Example, 0).RR3, Tolerance);
    }

    [Fact]
    public void Zero_denominators_give_nan()
    {
        var none = AaporRates.Compute(DispositionCounts.Zero);
        Assert.True(double.IsNaN(none.RR1));
        Assert.True(double.IsNaN(none.COOP1));
        Assert.True(double.IsNaN(none.CON3));
        Assert.True(double.IsNaN(none.E));

        // Only ineligible cases: e = 0/3 = 0, every denominator is 0.
        var ineligible = AaporRates.Compute(DispositionCounts.Zero with { NE = 3 });
        Assert.Equal(0, ineligible.E);
        Assert.True(double.IsNaN(ineligible.RR3));
    }

    [Fact]
    public void Without_unknown_cases_e_does_not_matter_even_when_it_cannot_be_estimated()
    {
        // I=2, R=2: no unknown case, so e(UH+UO) = 0 and RR3 = RR1 = 2/4.
        var r = AaporRates.Compute(DispositionCounts.Zero with { I = 2, R = 2 });
        Assert.Equal(0.5, r.RR3, Tolerance);
        Assert.Equal(0.5, r.RR1, Tolerance);
    }

    [Fact]
    public void Unknown_cases_with_no_known_eligibility_leave_the_e_rates_undefined()
    {
        // UH=4 only: RR1 = 0/4 = 0; e = 0/0 so RR3 = 0/(0 + NaN) is NaN.
        var r = AaporRates.Compute(DispositionCounts.Zero with { UH = 4 });
        Assert.Equal(0, r.RR1);
        Assert.True(double.IsNaN(r.RR3));
        Assert.True(double.IsNaN(r.CON2));
    }

    [Fact]
    public void An_e_outside_zero_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AaporRates.Compute(Example, 1.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => AaporRates.Compute(Example, double.NaN));
    }

    [Fact]
    public void Counts_from_dispositions_use_each_code_category()
    {
        var counts = DispositionCounts.From(DispositionCodes.All.Select((code, i) => Dispositions.Of(i, code)));

        // 1.1 | 1.2 | 2.11 2.1121 2.12 | 2.21 | 2.36 | 3.11 3.13 3.19 | 3.30 3.91 | 4.11 4.12 4.13
        Assert.Equal(new DispositionCounts(I: 1, P: 1, R: 3, NC: 1, O: 1, UH: 3, UO: 2, NE: 3), counts);
    }
}

/// <summary>Dispositions built directly from a code, for the rate tests.</summary>
internal static class Dispositions
{
    public static CaseDisposition Of(long caseId, DispositionCode code, string? mode = null, DateTimeOffset? completeAt = null) =>
        new(caseId, code, CaseState.Invited, mode, completeAt, [], [], "test");

    public static CaseDisposition Of(long caseId, string code, string? mode = null, DateTimeOffset? completeAt = null) =>
        Of(caseId, DispositionCodes.All.Single(c => c.Code == code), mode, completeAt);
}
