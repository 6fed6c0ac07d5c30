using ConcurrencyLab.Processes;

namespace ConcurrencyLab;

/// <summary>
/// What one <c>#!connect jupyter</c> attempt started, so that an abandoned one leaves no Python running (nothing else
/// would stop it before the notebook's kernel ends) and no connection file behind. Taken before the attempt:
/// this process's children and the connection files (kernel-*.json) in the kernel's runtime folder.
/// <para>
/// Afterwards the attempt's Python is identified exactly: a child of this process started since, one of whose
/// arguments (read from /proc/ID/cmdline, split on NUL) is, as one whole element, a connection file that appeared
/// since. The kernel passes that file after <c>-f</c>, quoted, so a path with spaces stays one element. A child
/// started through <c>env</c>, <c>sh</c>, <c>uv</c> or <c>conda</c> is matched by the same file, and nothing else is.
/// On systems without /proc no child is seen and nothing is stopped.
/// </para>
/// </summary>
internal sealed class AbandonedPython
{
    private const string ConnectionFilePattern = "kernel-*.json";

    private readonly string _runtimeDirectory;
    private readonly HashSet<int> _childrenBefore;
    private readonly HashSet<string> _filesBefore;

    private AbandonedPython(string runtimeDirectory, HashSet<int> childrenBefore, HashSet<string> filesBefore)
    {
        _runtimeDirectory = runtimeDirectory;
        _childrenBefore = childrenBefore;
        _filesBefore = filesBefore;
    }

    /// <summary>Notes this process's children and the connection files in <paramref name="runtimeDirectory"/>.</summary>
    public static AbandonedPython Before(string runtimeDirectory) =>
        new(runtimeDirectory, [.. ProcessTable.ChildrenOf(Environment.ProcessId)], ConnectionFiles(runtimeDirectory));

    /// <summary>
    /// Kills (with what they started) the children started since <see cref="Before"/> that were given a connection
    /// file that appeared since, and deletes those files. Returns each one's id and file.
    /// </summary>
    public IReadOnlyList<(int Id, string ConnectionFile)> Stop()
    {
        var newFiles = ConnectionFiles(_runtimeDirectory);
        newFiles.ExceptWith(_filesBefore);
        if (newFiles.Count == 0) return [];
        var stopped = new List<(int, string)>();
        foreach (var child in ProcessTable.ChildrenOf(Environment.ProcessId))
        {
            if (_childrenBefore.Contains(child)) continue;
            if (ProcessTable.Arguments(child)?.FirstOrDefault(newFiles.Contains) is not { } file) continue;
            ProcessTable.TryKill(child);
            Delete(file);
            stopped.Add((child, file));
        }
        return stopped;
    }

    private static HashSet<string> ConnectionFiles(string runtimeDirectory)
    {
        try
        {
            return Directory.Exists(runtimeDirectory)
                ? new HashSet<string>(Directory.EnumerateFiles(Path.GetFullPath(runtimeDirectory), ConnectionFilePattern), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    private static void Delete(string file)
    {
        try { File.Delete(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* its Python is stopped; the file is only clutter */ }
    }
}
