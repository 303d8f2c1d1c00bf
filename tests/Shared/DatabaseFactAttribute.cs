namespace VictimSurvey.Tests.Shared;

/// <summary>
/// A test that needs the real PostgreSQL server. Skipped on a developer machine where
/// VICTIMSURVEY_TEST_DB is not set; never skipped when CI is set, so that a CI without a database fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute
{
    public DatabaseFactAttribute()
    {
        if (DatabaseTests.ShouldSkip)
        {
            Skip = DatabaseTests.SkipReason;
        }
    }
}

/// <inheritdoc cref="DatabaseFactAttribute"/>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseTheoryAttribute : TheoryAttribute
{
    public DatabaseTheoryAttribute()
    {
        if (DatabaseTests.ShouldSkip)
        {
            Skip = DatabaseTests.SkipReason;
        }
    }
}

internal static class DatabaseTests
{
    public static bool ShouldSkip =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.ServerVariable))
        && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CI"));

    public const string SkipReason = "No PostgreSQL server: set VICTIMSURVEY_TEST_DB or run ./test.sh";
}
