using System.Diagnostics;

namespace ConcurrencyLab.Tests;

/// <summary>
/// Runs the Python side of the helpers (helpers/python: Python 3.11+, standard library only) from the tests.
/// Where no such python3 is found, tests skip with a message, except when CI is set: there they fail.
/// </summary>
internal static class PythonProcess
{
    private static readonly Lazy<string?> s_python = new(FindPython311);

    /// <summary>A python3 of version 3.11 or later, or null.</summary>
    public static string? Python => s_python.Value;

    /// <summary>Skips the test (or fails it under CI) when no Python 3.11+ is found.</summary>
    public static string Require()
    {
        if (Python is { } python) return python;
        Assert.True(Environment.GetEnvironmentVariable("CI") is null,
            "CI is set but no python3 of version 3.11 or later was found (install python3): the Python helpers cannot be tested.");
        Skip.If(true, "No python3 of version 3.11 or later found: the Python helpers were not tested (CI requires them).");
        return null!;
    }

    public static string RepoRoot => RepoPaths.Root;

    public static string HelpersDir => Path.Combine(RepoRoot, "helpers", "python");

    /// <summary>Runs python with <paramref name="arguments"/> (helpers/python importable); returns exit code and both streams (UTF-8).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string python, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(python)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1"; // no __pycache__ left in the source tree
        start.Environment["PYTHONPATH"] = HelpersDir;         // import concurrency_lab from the repository
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s.");
        }
        process.WaitForExit(); // drains the streams
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? FindPython311()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var (exit, stdout, _) = Run(candidate, Path.GetTempPath(), TimeSpan.FromSeconds(30),
                    "-c", "import sys; print(int(sys.version_info >= (3, 11)))");
                if (exit == 0 && stdout.Trim() == "1") return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under this name
            }
        }
        return null;
    }
}
