using System.Diagnostics;

namespace Workshop.Tests;

/// <summary>
/// Runs an external program for a test. Where the program is missing the test is skipped with a clear
/// message, except in CI (the CI variable is set), where a missing tool is a failure: CI installs it.
/// </summary>
internal static class ExternalTool
{
    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static string Require(string name, string installHint)
    {
        var path = Find(name);
        if (path is not null) return path;
        var message = $"'{name}' is not on PATH ({installHint}).";
        if (InCi) Assert.Fail(message + " CI must install it.");
        Skip.If(true, message + " Skipped outside CI.");
        return name; // not reached
    }

    public static (int ExitCode, string StdOut, string StdErr) Run(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
