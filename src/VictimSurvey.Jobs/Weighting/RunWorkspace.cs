using System.IO.Compression;
using VictimSurvey.Data.Weighting;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// A run's spec and files written back to a temporary folder, byte for byte, so that the run reads them
/// exactly as <c>victimsurvey estimate</c> reads the same files (margins relative to the spec). Deleted on dispose.
/// </summary>
public sealed class RunWorkspace : IDisposable
{
    public const string SpecFileName = "spec.yaml";
    public const string SnapshotFileName = "snapshot.csv";

    private RunWorkspace(string folder) => Folder = folder;

    public string Folder { get; }

    public string SpecPath => Path.Combine(Folder, SpecFileName);

    public string SnapshotPath => Path.Combine(Folder, SnapshotFileName);

    public static RunWorkspace Write(string specYaml, IEnumerable<RunFile> files)
    {
        var workspace = new RunWorkspace(Directory.CreateTempSubdirectory("victimsurvey-run-").FullName);
        try
        {
            File.WriteAllText(workspace.SpecPath, specYaml);
            foreach (var file in files)
            {
                var path = workspace.PathOf(file.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (file.Gzip)
                {
                    using var input = new GZipStream(new MemoryStream(file.Content), CompressionMode.Decompress);
                    using var output = File.Create(path);
                    input.CopyTo(output);
                }
                else
                {
                    File.WriteAllBytes(path, file.Content);
                }
            }

            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>A file name as the spec writes it, kept inside the folder (no rooted path, no "..").</summary>
    public string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Folder, name));
        if (Path.IsPathRooted(name) || !path.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new WeightingRunException($"file '{name}': a run's files must sit beside the spec or in a folder below it");
        }

        return path;
    }

    /// <summary>
    /// The spec and the snapshot, read as <see cref="FileWeighting.Load"/> reads files; messages name the
    /// run's files (spec.yaml, snapshot.csv of run N), not the temporary folder.
    /// </summary>
    public (Core.Weighting.WeightingSpec Spec, Core.Weighting.WeightingData Data) Load(long? runId)
    {
        try
        {
            var spec = WeightingSpecFile.Read(SpecPath);
            var table = Files.CsvReader.Read(SnapshotPath);
            var source = runId is { } id ? $"{SnapshotFileName} of run {id}" : SnapshotFileName;
            return (spec, new Core.Weighting.WeightingData(source, table.Header, table.Rows, table.Lines));
        }
        catch (Exception ex) when (ex is Files.InputFileException or Core.Weighting.WeightingException)
        {
            throw new WeightingRunException(Describe(ex.Message));
        }
    }

    /// <summary>A message with the temporary folder taken out of its paths.</summary>
    public string Describe(string message) => message.Replace(Folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            zip.Write(content);
        }

        return buffer.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the run's result does not depend on it.
        }
    }
}
