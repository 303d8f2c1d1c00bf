using System.Text.Json;
using System.Text.Json.Serialization;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// The diagnostics stored with a run (<c>weighting_run.diagnostics</c>, jsonb): <see cref="RunDiagnostics"/>
/// in snake_case with a format version. Runs stored before version 2 read as null (the page then shows
/// the engine's report only).
/// </summary>
public static class RunDiagnosticsJson
{
    public const int Version = 2;

    /// <summary>The name of the input column that holds a respondent's department (the snapshot's).</summary>
    public const string DepartmentColumn = "department";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record Stored(int Version, RunDiagnostics Diagnostics);

    /// <summary>The diagnostics of a prepared run, by department when its input has a department column.</summary>
    public static string Of(PreparedRun run)
    {
        Dictionary<string, string>? departmentOf = null;
        if (run.Data.Column(DepartmentColumn) is { } departments && run.Data.Column(run.Spec.Input.Id) is { } ids)
        {
            departmentOf = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < ids.Length; i++)
            {
                departmentOf.TryAdd(ids[i], departments[i]);
            }
        }

        return Serialize(RunDiagnostics.Of(run.Weighting, departmentOf));
    }

    public static string Serialize(RunDiagnostics diagnostics) => JsonSerializer.Serialize(new Stored(Version, diagnostics), Options);

    /// <summary>The stored diagnostics, or null for none or an older format.</summary>
    public static RunDiagnostics? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(json, Options);
            return stored is { Version: Version } ? stored.Diagnostics : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
