using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// The processes this process started, so that an abandoned <c>#!connect</c> does not leave its Python kernel running
/// (nothing else would stop it before the notebook's kernel ends). Read from /proc, so only on Linux; elsewhere no
/// children are seen and nothing is stopped.
/// </summary>
internal static class ChildProcesses
{
    /// <summary>Process id to command line, for each live child of this process.</summary>
    public static IReadOnlyDictionary<int, string> Current()
    {
        var children = new Dictionary<int, string>();
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc")) return children;
        var self = Environment.ProcessId;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            try
            {
                if (ParentOf(File.ReadAllText(Path.Combine(folder, "stat"))) != self) continue;
                children[pid] = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (IOException) { /* it ended meanwhile */ }
            catch (UnauthorizedAccessException) { }
        }
        return children;
    }

    /// <summary>
    /// Stops (with their own children) the children started since <paramref name="before"/> whose command line contains
    /// <paramref name="marker"/>; returns their ids and command lines.
    /// </summary>
    public static IReadOnlyList<(int Id, string CommandLine)> StopStartedSince(IReadOnlyDictionary<int, string> before, string marker)
    {
        var stopped = new List<(int, string)>();
        foreach (var (pid, commandLine) in Current())
        {
            if (before.ContainsKey(pid) || !commandLine.Contains(marker, StringComparison.Ordinal)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                stopped.Add((pid, commandLine));
            }
            catch (ArgumentException) { /* already gone */ }
            catch (InvalidOperationException) { }
        }
        return stopped;
    }

    /// <summary>The parent id in a /proc/PID/stat line: "pid (comm) state ppid ..."; comm may hold spaces and ')'.</summary>
    internal static int ParentOf(string stat)
    {
        var afterName = stat.LastIndexOf(')');
        var fields = stat[(afterName + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : -1;
    }
}
