namespace ConcurrencyLab.Tools;

/// <summary>
/// The repository root, shared by the tools built inside it: the nearest folder holding ConcurrencyLab.slnx above a
/// start folder, else above the program's own folder (a tool built in the repository finds it from anywhere).
/// </summary>
internal static class RepositoryRoot
{
    public const string Marker = "ConcurrencyLab.slnx";

    public static string? Find(string start) => FindAbove(start) ?? FindAbove(AppContext.BaseDirectory);

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return null;
    }
}
