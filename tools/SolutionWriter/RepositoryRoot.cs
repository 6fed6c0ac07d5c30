namespace SolutionWriter;

/// <summary>The repository root: the nearest folder holding ConcurrencyLab.slnx.</summary>
internal static class RepositoryRoot
{
    public const string Marker = "ConcurrencyLab.slnx";

    /// <summary>Looks up from <paramref name="start"/>, then from the tool's own folder (it is built inside the repository).</summary>
    public static string? Find(string start) => FindAbove(start) ?? FindAbove(AppContext.BaseDirectory);

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return null;
    }
}
