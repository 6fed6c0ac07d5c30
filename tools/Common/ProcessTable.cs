using System.Diagnostics;
using System.Globalization;

namespace ConcurrencyLab.Processes;

/// <summary>
/// The one reader of the process table, compiled into the runner and into the notebook layer's Python bridge: who is
/// whose child, what exactly a process was started with, and ending a process with everything it started. On Linux it
/// reads <c>/proc</c>; elsewhere the OS names no parents here, so no children are seen and only the root is killed.
/// </summary>
internal static class ProcessTable
{
    /// <summary>The ids of <paramref name="parentId"/>'s live children.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parentId) =>
        [.. ParentsById().Where(p => p.Value == parentId).Select(p => p.Key)];

    /// <summary>Every process below <paramref name="rootId"/> (children, grandchildren, ...), parents before children.</summary>
    public static IReadOnlyList<int> Descendants(int rootId)
    {
        var children = ParentsById().ToLookup(p => p.Value, p => p.Key);
        var found = new List<int>();
        var queue = new Queue<int>([rootId]);
        while (queue.Count > 0)
            foreach (var child in children[queue.Dequeue()])
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        return found;
    }

    /// <summary>
    /// The exact argument vector a process was started with (<c>/proc/ID/cmdline</c> split on NUL), or null when the
    /// process is gone, a zombie, unreadable, or this is not Linux. Arguments keep their spaces.
    /// </summary>
    public static IReadOnlyList<string>? Arguments(int id)
    {
        if (!OperatingSystem.IsLinux()) return null;
        string text;
        try { text = File.ReadAllText($"/proc/{id}/cmdline"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        if (text.Length == 0) return null;
        // Every argument ends with a NUL: dropping only the final NUL keeps an empty last argument.
        return (text.EndsWith('\0') ? text[..^1] : text).Split('\0');
    }

    /// <summary>True while a process of that id exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int id)
    {
        if (OperatingSystem.IsLinux())
            return ReadStat(id) is { } stat && stat.State is not ('Z' or 'X');
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>
    /// Kills <paramref name="root"/> and its descendants, waits up to <paramref name="wait"/> for all of them to be
    /// gone, and returns the ids of every process that was in the tree (root first). Descendants are read before the
    /// kill, so a child re-parented when its parent died is still killed.
    /// </summary>
    public static IReadOnlyList<int> KillTree(Process root, TimeSpan wait)
    {
        int rootId;
        try { rootId = root.Id; }
        catch (InvalidOperationException) { return []; }
        List<int> tree = [rootId, .. Descendants(rootId)];
        try { root.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        catch (System.ComponentModel.Win32Exception) { /* exiting */ }
        root.WaitForExit(wait);
        foreach (var id in tree.Skip(1))
            TryKill(id);
        var deadline = Stopwatch.StartNew();
        while (tree.Any(IsAlive) && deadline.Elapsed < wait)
            Thread.Sleep(20);
        return tree;
    }

    /// <summary>Kills one process and what it started; false when it was already gone.</summary>
    public static bool TryKill(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            process.Kill(entireProcessTree: true);
            return true;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>
    /// The state and parent id in a <c>/proc/ID/stat</c> line, "id (name) state ppid ...", where the name may hold
    /// spaces and parentheses (so the last ')' ends it); null for a line of another shape.
    /// </summary>
    internal static (char State, int ParentId)? ParseStat(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length) return null;
        var fields = text[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && fields[0].Length == 1
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            ? (fields[0][0], parent)
            : null;
    }

    private static Dictionary<int, int> ParentsById()
    {
        var parents = new Dictionary<int, int>();
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc")) return parents;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && ReadStat(id) is { } stat)
                parents[id] = stat.ParentId;
        return parents;
    }

    private static (char State, int ParentId)? ReadStat(int id)
    {
        try { return ParseStat(File.ReadAllText($"/proc/{id}/stat")); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
