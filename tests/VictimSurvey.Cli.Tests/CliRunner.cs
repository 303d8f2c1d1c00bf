using System.Diagnostics;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the built <c>victimsurvey</c> program.</summary>
public static class CliRunner
{
    public static ProcessStartInfo StartInfo(string? database, params string[] arguments)
    {
        var start = BuiltProgram.StartInfo("VictimSurvey.Cli", "victimsurvey", arguments);
        if (database is not null)
        {
            start.Environment["VICTIMSURVEY_DB"] = database;
        }

        return start;
    }

    public static Task<CliResult> RunAsync(string? database, string? standardInput, params string[] arguments) =>
        RunAsync(database, standardInput, TimeSpan.FromSeconds(60), arguments);

    /// <param name="limit">How long the command may take before the test fails (a minute unless given).</param>
    public static async Task<CliResult> RunAsync(string? database, string? standardInput, TimeSpan limit, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(database, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopped, and what it printed so far kept for the failure message: where a slow command was.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"victimsurvey {string.Join(' ', arguments)} did not end within {limit}.\nOutput:\n{await output}\nErrors:\n{await error}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
