using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// Whether a kernel spec's interpreter can start: its command exists and, for an ipykernel spec, imports the kernel
/// application (ipykernel.kernelapp: ipykernel, IPython, pyzmq, tornado). Checked first, because the kernel's
/// <c>#!connect jupyter</c> does not notice a Python that exits at start: measured with a spec whose Python lacks
/// ipykernel, the cell waited until nbconvert's 300 s timeout. Such a spec gets the stand-in instead. The interpreter
/// runs with this process's environment, as the kernel starts it.
/// </summary>
internal static class PythonKernelCheck
{
    /// <summary>The longest a check may take, when the connect's own limit leaves more.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Problem: null when the spec can start, else why not. Version: the Python version it reported, if any. A check
    /// still running after <paramref name="timeout"/> is stopped and reported as such.
    /// </summary>
    public static async Task<(string? Problem, string? Version)> CheckAsync(JupyterKernelSpec spec, TimeSpan timeout)
    {
        if (spec.Argv.Count == 0)
            return ($"the Jupyter kernel spec '{spec.Name}' names no command to start", null);
        var command = spec.Argv[0];
        var executable = Resolve(command, Environment.GetEnvironmentVariable("PATH"));
        if (executable is null)
            return ($"'{command}', the interpreter of the Jupyter kernel spec '{spec.Name}', was not found", null);
        var isIpykernel = spec.Argv.Any(a => a.Contains("ipykernel", StringComparison.Ordinal));
        var probe = isIpykernel
            ? "import ipykernel.kernelapp, sys; print(sys.version.split()[0])"
            : "import sys; print(sys.version.split()[0])";
        var (exit, output) = await RunAsync(executable, timeout, "-c", probe).ConfigureAwait(false);
        if (exit == 0) return (null, output.Trim());
        if (exit is null)
            return ($"'{command}' (Jupyter kernel spec '{spec.Name}') did not answer `python -c` within {ConnectDeadline.Seconds(timeout)}", null);
        if (isIpykernel)
            return ($"'{command}' (Jupyter kernel spec '{spec.Name}') cannot import ipykernel", null);
        return (null, null); // not a Python we can ask; #!connect will tell
    }

    /// <summary>The executable a process start would run: a path as given, or the first match on PATH.</summary>
    internal static string? Resolve(string command, string? path)
    {
        if (command.Contains(Path.DirectorySeparatorChar) || command.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(command) ? command : null;
        foreach (var directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string[] names = OperatingSystem.IsWindows() ? [command, command + ".exe"] : [command];
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The exit code (null when stopped after <paramref name="timeout"/>, -1 when not executable) and what it printed.</summary>
    private static async Task<(int? ExitCode, string Output)> RunAsync(string executable, TimeSpan timeout, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                // A child it left running may hold its output open after it exited: the same limit applies.
                return (process.ExitCode, await stdout.WaitAsync(limit.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true); // the process this check started
                return (null, "");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, ""); // not executable
        }
    }
}
