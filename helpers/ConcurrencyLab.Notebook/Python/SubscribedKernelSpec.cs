using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConcurrencyLab;

/// <summary>
/// For the length of one <c>#!connect jupyter</c>: a kernel spec with the name of the learner's ipykernel spec that
/// starts the same Python, with the same arguments, through helpers/python/concurrency_lab/kernel_launch.py, whose
/// kernel publishes nothing before the connection has subscribed to its output (iopub). Without it, 4 connects in 44
/// on a loaded 2-core machine lost the message they wait for and never answered (see kernel_launch.py).
/// <para>
/// The spec lives in a new temporary folder put first on JUPYTER_PATH, which both <c>jupyter kernelspec list</c> and
/// the kernel's own folder search read before the user's and the machine's folders. <see cref="Dispose"/> sets
/// JUPYTER_PATH back to exactly what it was (unset if it was unset) and deletes the folder; the Python it starts
/// gets the original JUPYTER_PATH too. No file of the learner's is written.
/// </para>
/// </summary>
internal sealed class SubscribedKernelSpec : IDisposable
{
    private const string JupyterPath = "JUPYTER_PATH";
    private readonly string _root;
    private readonly string? _originalJupyterPath;
    private bool _disposed;

    private SubscribedKernelSpec(string root, string? originalJupyterPath)
    {
        _root = root;
        _originalJupyterPath = originalJupyterPath;
    }

    /// <summary>The folder written (holding kernels/NAME/kernel.json).</summary>
    public string Root => _root;

    /// <summary>
    /// Installs the spec and puts it first on JUPYTER_PATH; null (and nothing changed) when <paramref name="spec"/> is
    /// not started as <c>python -m ipykernel_launcher</c> (or <c>-m ipykernel</c>), helpers/python is missing, or the
    /// folder cannot be written: the learner's spec is then connected as it is.
    /// </summary>
    public static SubscribedKernelSpec? TryInstall(JupyterKernelSpec spec, string? helpersPython)
    {
        var launcher = helpersPython is null ? null : Path.Combine(helpersPython, "concurrency_lab", "kernel_launch.py");
        if (launcher is null || !File.Exists(launcher)) return null;
        string? root = null;
        try
        {
            root = Directory.CreateTempSubdirectory("concurrency-lab-kernels-").FullName;
            var folder = Path.Combine(root, "kernels", spec.Name);
            Directory.CreateDirectory(folder);
            var script = Path.Combine(folder, "launch.py");
            if (LaunchArgv(spec.Argv, script) is not { } argv)
            {
                Directory.Delete(root, recursive: true);
                return null;
            }
            var original = Environment.GetEnvironmentVariable(JupyterPath);
            File.WriteAllText(script, LaunchScript(launcher, original));
            File.WriteAllText(Path.Combine(folder, "kernel.json"), KernelJson(spec, argv));
            Environment.SetEnvironmentVariable(JupyterPath,
                string.IsNullOrEmpty(original) ? root : root + Path.PathSeparator + original);
            return new SubscribedKernelSpec(root, original);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (root is not null)
            {
                try { Directory.Delete(root, recursive: true); }
                catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
            }
            return null;
        }
    }

    /// <summary>
    /// The spec's argv with <c>-m ipykernel_launcher</c> (or <c>-m ipykernel</c>) replaced by <paramref name="script"/>;
    /// null when the spec does not start ipykernel that way. The script's path is quoted: .NET Interactive joins the
    /// arguments with spaces into one command line.
    /// </summary>
    internal static IReadOnlyList<string>? LaunchArgv(IReadOnlyList<string> argv, string script)
    {
        if (script.Contains('"')) return null;
        for (var i = 1; i + 1 < argv.Count; i++)
        {
            if (argv[i] == "-m" && argv[i + 1] is "ipykernel_launcher" or "ipykernel")
                return [.. argv.Take(i), $"\"{script}\"", .. argv.Skip(i + 2)];
        }
        return null;
    }

    /// <summary>
    /// The script the spec runs: it takes its own folder off sys.path, gives the kernel the JUPYTER_PATH the notebook
    /// had, and runs kernel_launch.main, or plain ipykernel when that cannot be loaded.
    /// </summary>
    internal static string LaunchScript(string launcher, string? originalJupyterPath)
    {
        // A JSON string is a valid Python string literal.
        var original = originalJupyterPath is null ? "None" : JsonSerializer.Serialize(originalJupyterPath);
        return $$"""
            # Starts the kernel of a Jupyter kernel spec through concurrency_lab/kernel_launch.py, so that it publishes
            # nothing before its client has subscribed; this folder exists only while a notebook connects.
            import os
            import sys

            here = os.path.dirname(os.path.abspath(__file__))
            if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
                del sys.path[0]
            original_jupyter_path = {{original}}
            if original_jupyter_path is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = original_jupyter_path
            try:
                import importlib.util
                spec = importlib.util.spec_from_file_location("concurrency_lab_kernel_launch", {{JsonSerializer.Serialize(launcher)}})
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                main = module.main
            except Exception as error:
                sys.stderr.write("concurrency_lab kernel_launch.py not loaded (%s); starting the plain ipykernel\n" % error)
                from ipykernel.kernelapp import launch_new_instance as main
            main()

            """;
    }

    /// <summary>The learner's kernel.json (display name, language, env...) with <paramref name="argv"/>.</summary>
    private static string KernelJson(JupyterKernelSpec spec, IReadOnlyList<string> argv)
    {
        JsonObject json;
        try
        {
            json = spec.KernelJson is { } found && JsonNode.Parse(found) is JsonObject read
                ? read
                : new JsonObject { ["display_name"] = spec.Name, ["language"] = "python" };
        }
        catch (JsonException)
        {
            json = new JsonObject { ["display_name"] = spec.Name, ["language"] = "python" };
        }
        json["argv"] = new JsonArray([.. argv.Select(a => (JsonNode?)JsonValue.Create(a))]);
        return json.ToJsonString();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Environment.SetEnvironmentVariable(JupyterPath, _originalJupyterPath);
        try { Directory.Delete(_root, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a temporary folder: best effort */ }
    }
}
