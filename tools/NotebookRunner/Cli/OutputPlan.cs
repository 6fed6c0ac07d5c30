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
    /// <param name="sources">Full paths of the notebooks.</param>
    public static IReadOnlyList<NotebookOutputs> Make(IReadOnlyList<string> sources, string outDirectory)
    {
        var common = sources.Select(Path.GetDirectoryName).Aggregate((common, folder) =>
        {
            while (!IsSameOrBelow(folder!, common!)) common = Path.GetDirectoryName(common) ?? common;
            return common;
        })!;
        return [.. sources.Select(source =>
        {
            var relative = Path.GetRelativePath(common, source);
            var stem = Path.Combine(outDirectory, Path.ChangeExtension(relative, null));
            var executed = Path.GetFullPath(stem + ".ipynb");
            if (sources.Contains(executed, StringComparer.Ordinal))
                throw new UsageException($"--out {outDirectory} would overwrite the source notebook {executed}; choose another output folder.");
            return new NotebookOutputs(source, executed, Path.GetFullPath(stem + ".html"), Path.ChangeExtension(relative, ".html"));
        })];
    }

    private static bool IsSameOrBelow(string folder, string ancestor) =>
        folder == ancestor || folder.StartsWith(ancestor.EndsWith(Path.DirectorySeparatorChar) ? ancestor : ancestor + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
