using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>
/// The runner's folders (one namespace each) depend on one another without a cycle, so each can be read, changed and
/// tested from the bottom up: Kernel (the kernel's process) and Ipynb (reading notebooks) use none of the others,
/// Execution uses those two, Report uses Execution, and Cli uses what it needs of all of them. A folder's dependencies are read from its sources: its <c>using</c>
/// directives and every name qualified with another folder's namespace.
/// </summary>
public partial class FolderDependencyTests
{
    private static string RunnerSources => Path.Combine(TestKit.RepoRoot, "tools", "NotebookRunner");

    [Fact]
    public void The_runners_folders_depend_on_each_other_without_a_cycle()
    {
        var uses = FolderUses(RunnerSources);
        Assert.True(uses.Count >= 5, $"folders found: {string.Join(", ", uses.Keys)}");
        Assert.Null(FindCycle(uses));
    }

    [Fact]
    public void The_folders_are_layered_as_documented()
    {
        var uses = FolderUses(RunnerSources);
        Assert.Empty(uses["Kernel"]);
        Assert.Empty(uses["Ipynb"]);
        Assert.Equal(["Ipynb", "Kernel"], uses["Execution"].Order(StringComparer.Ordinal));
        Assert.Subset(new HashSet<string> { "Execution", "Ipynb" }, uses["Report"]);
    }

    [Fact]
    public void A_cycle_is_found_and_named_and_a_layering_passes()
    {
        var uses = new Dictionary<string, HashSet<string>>
        {
            ["Cli"] = ["Execution", "Report"],
            ["Report"] = ["Execution"],
            ["Execution"] = ["Kernel"],
            ["Kernel"] = [],
        };
        Assert.Null(FindCycle(uses));
        uses["Kernel"].Add("Report");
        Assert.Equal("Execution → Kernel → Report → Execution", FindCycle(uses));
    }

    [Fact]
    public void Usings_and_qualified_names_are_both_read_as_dependencies()
    {
        var root = Directory.CreateDirectory(Path.Combine(TestKit.TempDirectory(), "NotebookRunner")).FullName;
        void Write(string folder, string text) =>
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, folder)).FullName, "A.cs"), text);
        Write("Execution", "using NotebookRunner.Kernel;\nnamespace NotebookRunner.Execution;\nclass A { }");
        Write("Kernel", "namespace NotebookRunner.Kernel;\nclass A { object b = new Report.B(); object c = NotebookRunner.Execution.A.X; }");
        Write("Report", "namespace NotebookRunner.Report;\nclass B { } // Kernel.Something in a comment is no dependency");
        var uses = FolderUses(root);
        Assert.Equal(["Execution", "Report"], uses["Kernel"].Order(StringComparer.Ordinal));
        Assert.Empty(uses["Report"]);
        Assert.NotNull(FindCycle(uses));
    }

    /// <summary>For each folder of C# sources under <paramref name="root"/>, the other folders its files name.</summary>
    private static Dictionary<string, HashSet<string>> FolderUses(string root)
    {
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar))
            .Where(parts => parts.Length > 1 && parts[0] is not ("bin" or "obj") && !parts[0].StartsWith("bin-") && !parts[0].StartsWith("obj-"))
            .ToList();
        var folders = files.Select(parts => parts[0]).ToHashSet(StringComparer.Ordinal);
        var uses = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var parts in files)
        {
            var code = Comment().Replace(File.ReadAllText(Path.Combine([root, .. parts])), "");
            var named = Qualified().Matches(code).Select(m => m.Groups["folder"].Value);
            uses[parts[0]].UnionWith(named.Where(f => folders.Contains(f) && f != parts[0]));
        }
        return uses;
    }

    /// <summary>A cycle as "A → B → A", or null when there is none.</summary>
    private static string? FindCycle(IReadOnlyDictionary<string, HashSet<string>> uses)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        string? Visit(string folder)
        {
            if (path.IndexOf(folder) is var at and >= 0) return string.Join(" → ", path[at..].Append(folder));
            if (!done.Add(folder)) return null;
            path.Add(folder);
            foreach (var used in uses.GetValueOrDefault(folder, []).Order(StringComparer.Ordinal))
                if (Visit(used) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return uses.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }

    /// <summary>A name in a folder's namespace: <c>NotebookRunner.Folder.</c>, <c>NotebookRunner.Folder;</c>, or
    /// <c>Folder.Type</c> relative to the runner's root namespace (not after another dot, as in <c>cell.Kernel.X</c>).</summary>
    [GeneratedRegex(@"\bNotebookRunner\.(?<folder>[A-Z]\w*)\b|(?<![\w.])(?<folder>[A-Z]\w*)\.[A-Z]")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
