namespace Notebooks.Tests;

/// <summary>
/// A kernel environment in which Python looks absent, the way a machine without Python 3 and ipykernel looks to the
/// kernel: a `jupyter` first on PATH that knows no kernel spec, and a Jupyter path with none in it. Disposing deletes
/// the folder that holds that `jupyter`.
/// </summary>
public sealed class MachineWithoutPython : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("concurrency-lab-no-python-").FullName;

    public MachineWithoutPython()
    {
        var jupyter = Path.Combine(_folder, "jupyter");
        File.WriteAllText(jupyter, "#!/bin/sh\necho '{\"kernelspecs\": {}}'\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(jupyter, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        KernelEnvironment = new Dictionary<string, string?>
        {
            ["PATH"] = _folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["JUPYTER_PATH"] = _folder,
        };
    }

    /// <summary>The variables to start the kernel with.</summary>
    public IReadOnlyDictionary<string, string?> KernelEnvironment { get; }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
