namespace NotebookRunner.Cli;

/// <summary>Finds the repository root: the nearest folder upwards that holds ConcurrencyLab.slnx.</summary>
internal static class RepositoryRoot
{
    public const string Marker = "ConcurrencyLab.slnx";

    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
                return dir.FullName;
        return null;
    }
}
