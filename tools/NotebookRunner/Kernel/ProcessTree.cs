using System.Diagnostics;
using System.Globalization;

namespace NotebookRunner.Kernel;

/// <summary>
/// Ends a process and everything it started. The kernel starts children of its own (a connected Jupyter kernel,
/// a cell's Process.Start); <c>Quit</c> would leave those behind, so the runner kills the whole tree and then
/// checks that nothing of it is still alive.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Kills <paramref name="root"/> and its descendants; returns the ids of every process that was in the tree.</summary>
    public static IReadOnlyList<int> Kill(Process root, TimeSpan wait)
    {
        int rootId;
        try { rootId = root.Id; }
        catch (InvalidOperationException) { return []; }
        var tree = new List<int> { rootId };
        tree.AddRange(Descendants(rootId));
        try { root.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        catch (System.ComponentModel.Win32Exception) { /* exiting */ }
        root.WaitForExit(wait);
        // A child whose parent died first is re-parented and no longer found from the root: kill what we saw.
        foreach (var id in tree.Skip(1))
            TryKill(id);
        var deadline = Stopwatch.StartNew();
        while (tree.Any(IsAlive) && deadline.Elapsed < wait)
            Thread.Sleep(20);
        return tree;
    }

    /// <summary>True while a process of that id exists (and is not a zombie waiting to be reaped).</summary>
    public static bool IsAlive(int id)
    {
        if (OperatingSystem.IsLinux())
        {
            var stat = ReadStat(id);
            return stat is not null && stat.Value.State != 'Z' && stat.Value.State != 'X';
        }
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Every process below <paramref name="rootId"/> (children, grandchildren, ...); Linux reads /proc, elsewhere none.</summary>
    public static IReadOnlyList<int> Descendants(int rootId)
    {
        if (!OperatingSystem.IsLinux()) return [];
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            if (ReadStat(id) is not { } stat) continue;
            if (!children.TryGetValue(stat.ParentId, out var list)) children[stat.ParentId] = list = [];
            list.Add(id);
        }
        var found = new List<int>();
        var queue = new Queue<int>([rootId]);
        while (queue.Count > 0)
            if (children.TryGetValue(queue.Dequeue(), out var list))
                foreach (var child in list)
                {
                    found.Add(child);
                    queue.Enqueue(child);
                }
        return found;
    }

    private static void TryKill(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>/proc/ID/stat: "id (name) state ppid ..."; the name may hold spaces and parentheses.</summary>
    private static (char State, int ParentId)? ReadStat(int id)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{id}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 4 >= text.Length) return null;
        var fields = text[(close + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            ? (fields[0][0], parent)
            : null;
    }
}
