using System.Diagnostics;
using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>One Jupyter kernel spec: its name, the command that starts it, and where it was found.</summary>
internal sealed record JupyterKernelSpec(string Name, IReadOnlyList<string> Argv, string Source);

/// <summary>Where the lookup runs: the jupyter command, the environment it reads, the shared data folder.</summary>
/// <param name="JupyterCommand">"jupyter" (found on PATH), or a path.</param>
/// <param name="Environment">JUPYTER_PATH, JUPYTER_DATA_DIR and the rest, as the kernel process sees them.</param>
/// <param name="CommonDataDirectory">The machine-wide folder (/usr/share/jupyter on Linux).</param>
internal sealed record JupyterLookup(string JupyterCommand, IReadOnlyDictionary<string, string?> Environment, string CommonDataDirectory)
{
    /// <summary>What the kernel process itself sees.</summary>
    public static JupyterLookup Current()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = (string?)entry.Value;
        return new JupyterLookup("jupyter", environment,
            Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.CommonApplicationData), "jupyter"));
    }

    public string? Variable(string name) => Environment.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Finds the installed Jupyter kernel specs the way .NET Interactive's <c>#!connect jupyter</c> does, so "present"
/// here means <c>#!connect</c> will find it too: first <c>jupyter kernelspec list --json</c>; if that command is
/// missing, fails or prints no spec list, the folders Jupyter documents: each entry of JUPYTER_PATH, then the user
/// data folder (JUPYTER_DATA_DIR if it exists, else ~/.local/share/jupyter, %APPDATA%\jupyter on Windows), then the
/// machine-wide one; in each, <c>kernels/NAME/kernel.json</c>, the first of a name winning.
/// </summary>
internal sealed class JupyterKernelSpecs(JupyterLookup lookup)
{
    private static readonly TimeSpan s_listTimeout = TimeSpan.FromMinutes(1); // what the kernel allows the command

    public async Task<IReadOnlyDictionary<string, JupyterKernelSpec>> ListAsync()
    {
        return await FromJupyterCommandAsync().ConfigureAwait(false) ?? FromDataDirectories();
    }

    private async Task<IReadOnlyDictionary<string, JupyterKernelSpec>?> FromJupyterCommandAsync()
    {
        try
        {
            var start = new ProcessStartInfo(lookup.JupyterCommand)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("kernelspec");
            start.ArgumentList.Add("list");
            start.ArgumentList.Add("--json");
            start.Environment.Clear();
            foreach (var (name, value) in lookup.Environment)
                if (value is not null) start.Environment[name] = value;
            using var process = Process.Start(start);
            if (process is null) return null;
            var stdout = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(s_listTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            if (process.ExitCode != 0) return null;
            using var document = JsonDocument.Parse(await stdout.ConfigureAwait(false));
            if (!document.RootElement.TryGetProperty("kernelspecs", out var kernelspecs) || kernelspecs.ValueKind != JsonValueKind.Object)
                return null;
            var specs = new Dictionary<string, JupyterKernelSpec>(StringComparer.Ordinal);
            foreach (var entry in kernelspecs.EnumerateObject())
            {
                var source = entry.Value.TryGetProperty("resource_dir", out var dir) && dir.ValueKind == JsonValueKind.String
                    ? dir.GetString()! : "jupyter kernelspec list";
                specs[entry.Name] = new JupyterKernelSpec(entry.Name, Argv(entry.Value.GetProperty("spec")), source);
            }
            return specs;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException or InvalidOperationException or KeyNotFoundException or IOException)
        {
            return null; // no jupyter command, or one that printed something else: the kernel falls back to the folders too
        }
    }

    private IReadOnlyDictionary<string, JupyterKernelSpec> FromDataDirectories()
    {
        var specs = new Dictionary<string, JupyterKernelSpec>(StringComparer.Ordinal);
        foreach (var dataDirectory in DataDirectories())
        {
            var kernels = Path.Combine(dataDirectory, "kernels");
            if (!Directory.Exists(kernels)) continue;
            foreach (var kernelDirectory in Directory.GetDirectories(kernels))
            {
                var name = Path.GetFileName(kernelDirectory);
                var kernelJson = Path.Combine(kernelDirectory, "kernel.json");
                if (specs.ContainsKey(name) || !File.Exists(kernelJson)) continue;
                try
                {
                    using var document = JsonDocument.Parse(File.ReadAllText(kernelJson));
                    specs[name] = new JupyterKernelSpec(name, Argv(document.RootElement), kernelDirectory);
                }
                catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    // an unreadable kernel.json: not a usable spec
                }
            }
        }
        return specs;
    }

    /// <summary>JUPYTER_PATH entries, the user data folder, the machine-wide folder: Jupyter's documented order.</summary>
    internal IReadOnlyList<string> DataDirectories()
    {
        var directories = new List<string>();
        if (lookup.Variable("JUPYTER_PATH") is { Length: > 0 } jupyterPath)
            directories.AddRange(jupyterPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        directories.Add(UserDataDirectory());
        directories.Add(lookup.CommonDataDirectory);
        return directories;
    }

    private string UserDataDirectory()
    {
        if (lookup.Variable("JUPYTER_DATA_DIR") is { Length: > 0 } dataDir && Directory.Exists(dataDir)) return dataDir;
        var folder = OperatingSystem.IsWindows() ? Environment.SpecialFolder.ApplicationData : Environment.SpecialFolder.LocalApplicationData;
        return Path.Combine(Environment.GetFolderPath(folder), "jupyter");
    }

    private static IReadOnlyList<string> Argv(JsonElement spec) =>
        spec.TryGetProperty("argv", out var argv) && argv.ValueKind == JsonValueKind.Array
            ? argv.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray()
            : [];
}
