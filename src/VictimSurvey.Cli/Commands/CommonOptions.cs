using System.CommandLine;

namespace VictimSurvey.Cli.Commands;

internal static class CommonOptions
{
    public const string DatabaseVariable = "VICTIMSURVEY_DB";

    public static Option<string?> Database { get; } = new("--db")
    {
        Description = $"PostgreSQL connection string (default: the {DatabaseVariable} environment variable)",
        Recursive = true,
    };

    /// <summary>The connection string from --db or the environment; a clear error when neither is set.</summary>
    public static string ConnectionString(ParseResult parse)
    {
        var value = parse.GetValue(Database) ?? Environment.GetEnvironmentVariable(DatabaseVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliException($"no database: pass --db \"Host=...;Database=...;Username=...\" or set {DatabaseVariable}");
        }

        return value;
    }

    /// <summary>Runs a command body, turning expected failures into a message on stderr and exit code 1.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception ex) when (ex is CliException or Data.Accounts.AccountException or Data.Infrastructure.MigrationException or Npgsql.NpgsqlException
                                       or ArgumentException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
    }
}

internal static class ProblemReport
{
    /// <summary>Every problem of a rejected file on stderr, one per line, after a count; returns the exit code 1.</summary>
    public static async Task<int> WriteAsync<T>(IReadOnlyCollection<T> problems, string nothingDone)
    {
        await Console.Error.WriteLineAsync($"error: {problems.Count} problem(s) in the file, {nothingDone}:");
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("  " + problem);
        }

        return 1;
    }
}

internal sealed class CliException(string message) : Exception(message);
