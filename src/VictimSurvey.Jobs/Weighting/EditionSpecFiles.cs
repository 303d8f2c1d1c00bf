using VictimSurvey.Data.Weighting;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// The spec file an edition names (<c>edition.weighting_spec_path</c>, relative to the repository as the CLI
/// reads it) and the margin files beside it, for the launch panel's defaults. Looked up from the working
/// folder and its parents (./run.sh starts the app in src/VictimSurvey.Web), then beside the program
/// (the specs are copied there at build).
/// </summary>
public static class EditionSpecFiles
{
    public static string? Locate(string? specPath)
    {
        if (string.IsNullOrWhiteSpace(specPath))
        {
            return null;
        }

        if (Path.IsPathRooted(specPath))
        {
            return File.Exists(specPath) ? specPath : null;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, specPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var besideProgram = Path.Combine(AppContext.BaseDirectory, specPath);
        return File.Exists(besideProgram) ? besideProgram : null;
    }

    /// <summary>The CSV files beside the spec that its text names (its margins), as run files named as the spec names them.</summary>
    public static async Task<IReadOnlyList<RunFile>> MarginsBesideAsync(string specFile, string specYaml, CancellationToken ct)
    {
        var files = new List<RunFile>();
        foreach (var path in Directory.EnumerateFiles(Path.GetDirectoryName(specFile)!, "*.csv").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (specYaml.Contains(name, StringComparison.Ordinal))
            {
                files.Add(new RunFile(name, await File.ReadAllBytesAsync(path, ct), Gzip: false));
            }
        }

        return files;
    }
}
