using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ConcurrencyLab.Tests;

/// <summary>
/// A local copy of plotly.js for the browser tests (no network): the one embedded as a manifest resource in the
/// Plotly.NET package, whose DLL path the project file passes in as assembly metadata. The DLL is read as data with
/// a PE reader, never loaded. The version is the helpers' own (PlotlyJsVersion in Directory.Packages.props), so the
/// charts' CDN URL and this copy cannot differ.
/// (This extraction is the tests' only copy of plotly.js; the runner reads the same resource for its reports.)
/// </summary>
internal static class PlotlyJsSource
{
    public static string ResourceName => $"Plotly.NET.plotly-{PlotlyJs.Version}.min.js";

    private static readonly Lazy<string> Extracted = new(Extract);

    /// <summary>The path of plotly.min.js, written once per test run into a temp folder.</summary>
    public static string FilePath => Extracted.Value;

    public static string DllPath =>
        typeof(PlotlyJsSource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "PlotlyNetDll")?.Value
        ?? throw new InvalidOperationException("The test project should pass the Plotly.NET DLL path as AssemblyMetadata 'PlotlyNetDll'.");

    public static byte[] ReadResource(string dllPath, string resourceName)
    {
        using var stream = File.OpenRead(dllPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != resourceName) continue;
            // Embedded resources live in the CLI resources directory: a 4-byte length, then the bytes.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress).GetReader();
            block.Offset = (int)resource.Offset;
            var length = block.ReadInt32();
            return block.ReadBytes(length);
        }
        throw new InvalidOperationException($"No resource '{resourceName}' in {dllPath}.");
    }

    private static string Extract()
    {
        // One copy per plotly.js version, shared by every test run: nothing piles up in the temp folder.
        var bytes = ReadResource(DllPath, ResourceName);
        var folder = Path.Combine(Path.GetTempPath(), $"concurrency-lab-plotly-{PlotlyJs.Version}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"plotly-{PlotlyJs.Version}.min.js");
        if (!File.Exists(path) || new FileInfo(path).Length != bytes.Length)
        {
            // Written beside and moved into place, so a parallel test run never reads half a file.
            var partial = $"{path}.{Environment.ProcessId}.partial";
            File.WriteAllBytes(partial, bytes);
            File.Move(partial, path, overwrite: true);
        }
        return path;
    }
}
