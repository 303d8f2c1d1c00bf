using System.Collections.Concurrent;
using Npgsql;

namespace VictimSurvey.Data.Tests;

/// <summary>
/// Edition years for the Data tests: every test that creates an edition takes its year here, from the
/// allocator of its database, so no two tests of a database ever meet on the same edition (separate
/// ranges per test class used to collide as tests were added). In each database years are handed out
/// from both ends of 2026–2100 and the ends are checked against each other: <see cref="Next"/> counts down
/// from 2100 for tests whose persons do not depend on the year (fieldwork test persons get birth dates
/// from it); <see cref="NextForFixedBirthDates"/> counts up from 2026 for sample files with persons born
/// in the 1950s, whose age group and age limit (120) are checked. 75 years per database: when a
/// collection needs more, its heavy test classes move to a collection with a database of its own
/// (DatabaseFixture.cs).
/// </summary>
public static class TestYears
{
    private static readonly ConcurrentDictionary<string, Range> Ranges = new(StringComparer.Ordinal);

    /// <summary>The first of <paramref name="count"/> consecutive years (2 for a test that creates next year's edition).</summary>
    public static int Next(NpgsqlDataSource db, int count = 1) => Of(db).Take(count, fromTop: true);

    /// <summary>A year close to 2026, for sample files whose persons' birth dates are fixed.</summary>
    public static int NextForFixedBirthDates(NpgsqlDataSource db) => Of(db).Take(1, fromTop: false);

    private static Range Of(NpgsqlDataSource db) => Ranges.GetOrAdd(db.ConnectionString, _ => new Range());

    private sealed class Range
    {
        private int lowest = 2026;
        private int highest = 2100;

        public int Take(int count, bool fromTop)
        {
            lock (this)
            {
                if (highest - lowest + 1 < count)
                {
                    throw new InvalidOperationException("the Data tests of one database used up its edition years 2026–2100: move the test class that needs many editions to a collection with a database of its own (DatabaseFixture.cs)");
                }

                if (fromTop)
                {
                    highest -= count;
                    return highest + 1;
                }

                lowest += count;
                return lowest - count;
            }
        }
    }
}
