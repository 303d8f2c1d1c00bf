using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests;

/// <summary>A temporary folder for one test class's files, removed afterwards, with the R reference folders at hand.</summary>
public abstract class ScratchFolder : IDisposable
{
    public static readonly string EstimationReference = Path.Combine(BuiltProgram.RepositoryRoot(), "tests", "VictimSurvey.Core.Tests", "Estimation", "Reference");
    public static readonly string WeightingReference = Path.Combine(BuiltProgram.RepositoryRoot(), "tests", "VictimSurvey.Core.Tests", "Weighting", "Reference");

    protected ScratchFolder(params string[] referenceFilesToCopy)
    {
        Folder = Path.Combine(Path.GetTempPath(), "vs-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Folder);
        foreach (var file in referenceFilesToCopy)
        {
            File.Copy(file, Path.Combine(Folder, Path.GetFileName(file)));
        }
    }

    protected string Folder { get; }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
