namespace ConcurrencyLab.Tests;

/// <summary>Where the repository is, found from the test's output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConcurrencyLab.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Could not find the repository root (ConcurrencyLab.slnx) above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;
}
