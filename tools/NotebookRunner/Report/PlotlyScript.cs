using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace NotebookRunner.Report;

/// <summary>
/// plotly.js for offline reports: the one extraction in the repository. Taken from the copy embedded in the
/// Plotly.NET package (shipped next to the runner as plotly/Plotly.NET.dll); the resource is read from the file's
/// metadata, no F# code runs. The version is the build's PlotlyJsVersion (Directory.Packages.props).
/// </summary>
internal static class PlotlyScript
{
    private static readonly Lazy<string> Script = new(Load);

    /// <summary>The pinned plotly.js version, e.g. 2.28.0.</summary>
    public static string Version { get; } = typeof(PlotlyScript).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "PlotlyJsVersion")?.Value
        ?? throw new InvalidOperationException("the runner was built without PlotlyJsVersion (Directory.Packages.props).");

    /// <summary>The minified plotly.js source.</summary>
    public static string Source => Script.Value;

    private static string Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "plotly", "Plotly.NET.dll");
        var resourceName = $"Plotly.NET.plotly-{Version}.min.js";
        if (!File.Exists(path))
            throw new FileNotFoundException($"plotly.js source not found: {path} is missing. Rebuild the runner (dotnet build tools/NotebookRunner).", path);
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != resourceName) continue;
            if (!resource.Implementation.IsNil)
                throw new InvalidDataException($"{resourceName} in {path} is not embedded in the file.");
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress);
            var reader = block.GetReader((int)resource.Offset, directory.Size - (int)resource.Offset);
            return System.Text.Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadInt32())).TrimStart('\uFEFF'); // length, then the bytes
        }
        throw new InvalidDataException($"{path} has no resource named {resourceName}; PlotlyJsVersion ({Version}) does not match the Plotly.NET package.");
    }
}
