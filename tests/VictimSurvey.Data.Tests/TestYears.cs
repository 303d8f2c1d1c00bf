namespace VictimSurvey.Data.Tests;

/// <summary>
/// Edition years for the Data tests, which share one database: every test that creates an edition takes
/// its year here, so no two tests ever meet on the same edition (separate ranges per test class used to
/// collide as tests were added). Years are handed out from both ends of 2026–2100 and the two ends are
/// checked against each other: <see cref="Next()"/> counts down from 2100 for tests whose persons do not
/// depend on the year (fieldwork test persons get birth dates from it); <see cref="NextForFixedBirthDates"/>
/// counts up from 2026 for sample files with persons born in the 1950s, whose age group and age limit
/// (120) are checked. The suite uses about 70 of the 75 years; a test class that needs many editions should
/// use a database of its own, as DemoSeederTests does.
/// </summary>
public static class TestYears
{
    private static readonly object Gate = new();
    private static int lowest = 2026;
    private static int highest = 2100;

    public static int Next() => Next(1);

    /// <summary>The first of <paramref name="count"/> consecutive years (for a test that creates next year's edition).</summary>
    public static int Next(int count)
    {
        lock (Gate)
        {
            Check(count);
            highest -= count;
            return highest + 1;
        }
    }

    /// <summary>A year close to 2026, for sample files whose persons' birth dates are fixed.</summary>
    public static int NextForFixedBirthDates()
    {
        lock (Gate)
        {
            Check(1);
            return lowest++;
        }
    }

    private static void Check(int count)
    {
        if (highest - count + 1 < lowest)
        {
            throw new InvalidOperationException("the Data tests used up the edition years 2026–2100 of the shared database: give the test class that needs many editions a database of its own");
        }
    }
}
