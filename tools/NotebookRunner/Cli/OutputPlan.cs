namespace NotebookRunner.Cli;

/// <summary>Where one notebook's executed copy and report go.</summary>
internal sealed record NotebookOutputs(string Source, string ExecutedNotebook, string Report, string RelativeReport);

/// <summary>
/// Maps the notebooks of a run to their outputs: each keeps its path relative to the folder the notebooks share,
/// so <c>notebooks/</c> and <c>notebooks/solutions/</c> write <c>OUT/NN.html</c> and <c>OUT/solutions/NN.html</c>
/// (and links between them keep working). Refuses any plan that would write over a source notebook.
/// </summary>
internal static class OutputPlan
{
    public static IReadOnlyList<NotebookOutputs> Make(IReadOnlyList<string> sources, string outDirectory)
    {
        var common = CommonFolder(sources.Select(s => Path.GetDirectoryName(Path.GetFullPath(s))!).ToList());
        var sourceSet = new HashSet<string>(sources.Select(Path.GetFullPath), StringComparer.Ordinal);
        var plan = new List<NotebookOutputs>();
        foreach (var source in sources)
        {
            var relative = Path.GetRelativePath(common, Path.GetFullPath(source));
            var stem = Path.Combine(outDirectory, Path.ChangeExtension(relative, null));
            var executed = Path.GetFullPath(stem + ".ipynb");
            if (sourceSet.Contains(executed))
                throw new UsageException($"--out {outDirectory} would overwrite the source notebook {executed}; choose another output folder.");
            plan.Add(new NotebookOutputs(source, executed, Path.GetFullPath(stem + ".html"), Path.ChangeExtension(relative, ".html")));
        }
        return plan;
    }

    private static string CommonFolder(IReadOnlyList<string> folders)
    {
        var common = folders[0];
        foreach (var folder in folders.Skip(1))
            while (!IsSameOrBelow(folder, common))
                common = Path.GetDirectoryName(common) ?? common;
        return common;
    }

    private static bool IsSameOrBelow(string folder, string ancestor) =>
        folder == ancestor || folder.StartsWith(ancestor.EndsWith(Path.DirectorySeparatorChar) ? ancestor : ancestor + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
