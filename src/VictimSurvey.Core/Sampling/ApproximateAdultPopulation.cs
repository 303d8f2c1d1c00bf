namespace VictimSurvey.Core.Sampling;

/// <summary>
/// APPROXIMATE adult population (aged 18+) per French department, the N_h of the stratified draw in
/// demos and tests. NOT official figures: authored for this repository from rounded department
/// populations of the order of INSEE's legal populations (early 2020s) times an assumed share of
/// adults per department (0.73–0.84 in metropolitan France, 0.50–0.80 overseas). The 101
/// departments sum to about 52.8 million adults. A production edition must take N_h from the frame
/// (the tax-based register) or from INSEE's population estimates by department, sex and age.
/// </summary>
public static class ApproximateAdultPopulation
{
    /// <summary>The 101 departments in their natural order ('19', '2A', '2B', '21', …, '976').</summary>
    public static IReadOnlyList<StratumPopulation> Departments { get; } =
    [
        new("01", 508_000),
        new("02", 413_000),
        new("03", 275_000),
        new("04", 134_000),
        new("05", 114_000),
        new("06", 891_000),
        new("07", 264_000),
        new("08", 213_000),
        new("09", 126_000),
        new("10", 242_000),
        new("11", 300_000),
        new("12", 227_000),
        new("13", 1_599_000),
        new("14", 549_000),
        new("15", 118_000),
        new("16", 284_000),
        new("17", 541_000),
        new("18", 243_000),
        new("19", 197_000),
        new("2A", 130_000),
        new("2B", 150_000),
        new("21", 428_000),
        new("22", 490_000),
        new("23", 97_000),
        new("24", 344_000),
        new("25", 425_000),
        new("26", 406_000),
        new("27", 462_000),
        new("28", 331_000),
        new("29", 736_000),
        new("30", 596_000),
        new("31", 1_130_000),
        new("32", 157_000),
        new("33", 1_304_000),
        new("34", 960_000),
        new("35", 858_000),
        new("36", 179_000),
        new("37", 483_000),
        new("38", 986_000),
        new("39", 207_000),
        new("40", 340_000),
        new("41", 264_000),
        new("42", 597_000),
        new("43", 182_000),
        new("44", 1_131_000),
        new("45", 527_000),
        new("46", 145_000),
        new("47", 269_000),
        new("48", 62_000),
        new("49", 631_000),
        new("50", 401_000),
        new("51", 441_000),
        new("52", 139_000),
        new("53", 239_000),
        new("54", 579_000),
        new("55", 147_000),
        new("56", 616_000),
        new("57", 826_000),
        new("58", 169_000),
        new("59", 1_984_000),
        new("60", 631_000),
        new("61", 227_000),
        new("62", 1_124_000),
        new("63", 532_000),
        new("64", 556_000),
        new("65", 189_000),
        new("66", 384_000),
        new("67", 901_000),
        new("68", 604_000),
        new("69", 1_448_000),
        new("70", 188_000),
        new("71", 446_000),
        new("72", 441_000),
        new("73", 348_000),
        new("74", 647_000),
        new("75", 1_755_000),
        new("76", 979_000),
        new("77", 1_065_000),
        new("78", 1_088_000),
        new("79", 296_000),
        new("80", 445_000),
        new("81", 312_000),
        new("82", 204_000),
        new("83", 875_000),
        new("84", 438_000),
        new("85", 545_000),
        new("86", 346_000),
        new("87", 301_000),
        new("88", 293_000),
        new("89", 268_000),
        new("90", 110_000),
        new("91", 982_000),
        new("92", 1_255_000),
        new("93", 1_212_000),
        new("94", 1_072_000),
        new("95", 925_000),
        new("971", 296_000),
        new("972", 289_000),
        new("973", 171_000),
        new("974", 635_000),
        new("976", 150_000),
    ];

    /// <summary>Departments the VRS covers so far: all but Guyane (973) and Mayotte (976), which an edition may add.</summary>
    public static IReadOnlyList<string> VrsCoverage { get; } =
        Departments.Select(d => d.Code).Where(c => c is not ("973" or "976")).ToList();

    /// <summary>The rows for the given department codes, in the table's order; unknown codes are an error.</summary>
    public static IReadOnlyList<StratumPopulation> For(IEnumerable<string> codes)
    {
        var wanted = codes.ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.Except(Departments.Select(d => d.Code), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new SamplingException($"no population figure for department(s) {string.Join(", ", unknown)}");
        }

        return Departments.Where(d => wanted.Contains(d.Code)).ToList();
    }
}
