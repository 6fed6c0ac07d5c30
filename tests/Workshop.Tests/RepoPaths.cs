namespace Workshop.Tests;

/// <summary>Finds the repository root (the folder holding ConcurrencyLab.slnx) from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConcurrencyLab.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No ConcurrencyLab.slnx above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }
}
