using System.Diagnostics;
using System.Reflection;

namespace VictimSurvey.Tests.Shared;

/// <summary>Finds and runs the programs of this repository as built by the same configuration as the tests.</summary>
public static class BuiltProgram
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VictimSurvey.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("VictimSurvey.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>src/PROJECT/bin/CONFIGURATION/net10.0/ASSEMBLY.dll, checked to exist.</summary>
    public static string DllPath(string project, string assembly)
    {
        var configuration = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(RepositoryRoot(), "src", project, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is not built: build the solution first (./test.sh does).");
    }

    public static ProcessStartInfo StartInfo(string project, string assembly, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(DllPath(project, assembly))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath(project, assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The caller decides which database the program sees.
        start.Environment.Remove("VICTIMSURVEY_DB");
        return start;
    }
}
