using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Notebooks.Tests;

/// <summary>
/// Every committed notebook (lessons and solutions) is stored the way VS Code writes it, with outputs cleared,
/// and opens and ends with the navigation line. Read from disk only: no notebook is executed here.
/// </summary>
public partial class NotebookConventionsTests
{
    // The notebook metadata exactly as VS Code's Polyglot Notebooks writes it (the lesson template's).
    private const string ExpectedMetadata = """
        {
          "kernelspec": { "display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp" },
          "language_info": { "name": "polyglot-notebook" },
          "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "csharp", "items": [ { "aliases": [], "name": "csharp" } ] } }
        }
        """;

    private const string ExpectedCodeCellMetadata = """
        { "dotnet_interactive": { "language": "csharp" }, "polyglot_notebook": { "kernelName": "csharp" } }
        """;

    // A live Python cell (the kernel PythonKernel.ConnectAsync() connects), and the kernel's entry in the notebook's
    // kernelInfo, which VS Code writes beside C#'s once a notebook has Python cells.
    private const string PythonCodeCellMetadata = """
        { "dotnet_interactive": { "language": "python" }, "polyglot_notebook": { "kernelName": "python" } }
        """;

    private const string PythonKernelInfoItem = """{ "aliases": [], "languageName": "python", "name": "python" }""";

    private static string[] Found()
    {
        var folder = NotebookRuns.NotebooksFolder;
        return new[] { folder, Path.Combine(folder, "solutions") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.ipynb"))
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public static TheoryData<string> CommittedNotebooks()
    {
        var found = Found();
        // An empty theory is an error in xunit; an empty folder is reported by its own test below.
        return new TheoryData<string>(found.Length > 0 ? found : ["(none)"]);
    }

    [Fact]
    public void The_notebooks_folder_holds_lessons()
    {
        Assert.NotEmpty(Found());
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Is_a_version_4_2_notebook_with_the_vs_code_metadata(string notebook)
    {
        var root = Load(notebook);
        Assert.Equal(4, (int?)root["nbformat"]);
        Assert.Equal(2, (int?)root["nbformat_minor"]);
        var expected = JsonNode.Parse(ExpectedMetadata)!;
        if (Cells(root).Any(IsPythonCell))
            expected["polyglot_notebook"]!["kernelInfo"]!["items"]!.AsArray().Add(JsonNode.Parse(PythonKernelInfoItem));
        Assert.True(JsonNode.DeepEquals(expected, root["metadata"]),
            $"{notebook}: notebook metadata differs from VS Code's (see the lesson template).\nexpected: {expected!.ToJsonString()}\nactual:   {root["metadata"]?.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Code_cells_are_committed_cleared_with_the_csharp_or_python_kernel(string notebook)
    {
        var expected = JsonNode.Parse(ExpectedCodeCellMetadata);
        var problems = new List<string>();
        foreach (var (cell, index) in Cells(Load(notebook)).Select((c, i) => (c, i)))
        {
            if ((string?)cell["cell_type"] != "code") continue;
            if (cell["outputs"] is not JsonArray { Count: 0 })
                problems.Add($"cell {index}: has outputs (clear them before committing)");
            if (cell["execution_count"] is not null)
                problems.Add($"cell {index}: execution_count is {cell["execution_count"]!.ToJsonString()}, not null (clear outputs)");
            if (!JsonNode.DeepEquals(expected, KernelMetadata(cell)) && !IsPythonCell(cell))
                problems.Add($"cell {index}: metadata {cell["metadata"]?.ToJsonString()} is not {expected!.ToJsonString()} (nor a Python cell's {PythonCodeCellMetadata.Trim()})");
        }
        Assert.True(problems.Count == 0, $"{notebook}:\n  {string.Join("\n  ", problems)}");
    }

    /// <summary>
    /// Jupyter's client and every front end but VS Code see only a cell's text, never its metadata: a cell for another
    /// kernel reaches that kernel only when its first line names it (<c>#!python</c>); without that line the C# kernel
    /// compiles it and fails. So the text and the metadata must name the same kernel.
    /// </summary>
    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void A_cell_for_another_kernel_names_it_on_its_first_line(string notebook)
    {
        var problems = new List<string>();
        foreach (var (cell, index) in Cells(Load(notebook)).Select((c, i) => (c, i)))
        {
            if ((string?)cell["cell_type"] != "code") continue;
            var kernel = (string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"] ?? "csharp";
            var firstLine = Source(cell).Split('\n', 2)[0].Trim();
            if (kernel != "csharp" && firstLine != $"#!{kernel}")
                problems.Add($"cell {index}: a {kernel} cell whose first line is '{firstLine}', not '#!{kernel}' (Jupyter would run it as C#)");
            if (kernel == "csharp" && firstLine is "#!python" or "#!pwsh" or "#!fsharp" or "#!javascript" or "#!html")
                problems.Add($"cell {index}: its first line is '{firstLine}' but its metadata says csharp (VS Code would show it as C#)");
        }
        Assert.True(problems.Count == 0, $"{notebook}:\n  {string.Join("\n  ", problems)}");
    }

    private static bool IsPythonCell(JsonNode? cell) =>
        (string?)cell?["cell_type"] == "code" && JsonNode.DeepEquals(JsonNode.Parse(PythonCodeCellMetadata), KernelMetadata(cell));

    // A lesson cell's "concurrency_lab" key holds its worked answer for tools/SolutionWriter; the rest is the editor's.
    private static JsonNode? KernelMetadata(JsonNode? cell)
    {
        var metadata = cell?["metadata"]?.DeepClone();
        (metadata as JsonObject)?.Remove("concurrency_lab");
        return metadata;
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Opens_with_its_title_and_the_nav_line_and_ends_with_the_same_nav_line(string notebook)
    {
        var cells = Cells(Load(notebook)).ToArray();
        Assert.True(cells.Length >= 2, $"{notebook}: a lesson has at least a title cell and a summary cell.");
        var first = cells[0];
        var last = cells[^1];
        Assert.True((string?)first["cell_type"] == "markdown", $"{notebook}: the first cell must be markdown (title, what you will learn, nav line).");
        Assert.True((string?)last["cell_type"] == "markdown", $"{notebook}: the last cell must be markdown (summary and nav line).");

        var number = Path.GetFileName(notebook)[..2];
        var firstText = Source(first);
        Assert.True(firstText.StartsWith($"# {number} · ", StringComparison.Ordinal),
            $"{notebook}: the first cell must start with \"# {number} · Title\"; it starts with \"{firstText.Split('\n')[0]}\".");

        var openingNav = NavLine(firstText);
        var closingNav = NavLine(Source(last));
        Assert.True(openingNav is not null, $"{notebook}: no nav line (\"[← previous](…) · [contents](00-start-here.ipynb) · [next →](…)\") in the first cell.");
        Assert.True(closingNav is not null, $"{notebook}: no nav line in the last cell.");
        Assert.Equal(openingNav, closingNav);
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Nav_links_point_at_notebooks_that_exist(string notebook)
    {
        var path = Path.Combine(NotebookRuns.NotebooksFolder, notebook);
        var nav = NavLine(Source(Cells(Load(notebook)).First())) ?? "";
        var broken = LinkTarget().Matches(nav)
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.StartsWith("http", StringComparison.Ordinal))
            .Where(target => !File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target.Split('#')[0]))))
            .ToArray();
        Assert.True(broken.Length == 0, $"{notebook}: nav links to missing files: {string.Join(", ", broken)}");
        Assert.Contains("00-start-here.ipynb)", nav); // every nav line links back to the contents
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Loads_the_helpers_and_calls_Lab_Setup_in_the_same_cell_before_any_other_code(string notebook)
    {
        // Lab.Setup() makes the charts display and lets Plotly.NET load; every later cell may rely on it.
        var code = Cells(Load(notebook)).Where(c => (string?)c["cell_type"] == "code").Select(Source).ToArray();
        var loads = Array.FindIndex(code, s => s.Contains("helpers/bin/ConcurrencyLab.dll\"", StringComparison.Ordinal) && s.TrimStart().StartsWith("#r", StringComparison.Ordinal));
        Assert.True(loads >= 0, $"{notebook}: no cell loads the helpers (#r \"../helpers/bin/ConcurrencyLab.dll\").");
        Assert.Contains("Lab.Setup();", code[loads]);
        Assert.DoesNotContain(code[..loads], s => s.Contains("Chart.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Nuget_references_name_the_versions_of_Directory_Packages_props(string notebook)
    {
        // One place for package versions: a notebook's #r "nuget: Name, Version" must match it.
        var props = File.ReadAllText(Path.Combine(NotebookRuns.RepositoryRootPath, "Directory.Packages.props"));
        var pinned = PackageVersion().Matches(props).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["version"].Value, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var sources = Cells(Load(notebook)).Select(Source).ToArray();
        var references = sources.SelectMany(s => NugetReference().Matches(s)).ToArray();
        if (sources.Any(s => s.Contains("Chart.Line<", StringComparison.Ordinal) || s.Contains("Chart.Column<", StringComparison.Ordinal))
            && !references.Any(m => m.Groups["name"].Value == "Plotly.NET.CSharp"))
            problems.Add("draws Plotly.NET charts but has no #r \"nuget: Plotly.NET.CSharp, ...\" line.");
        foreach (var m in references)
        {
            var (name, version) = (m.Groups["name"].Value, m.Groups["version"].Value);
            if (!pinned.TryGetValue(name, out var expected))
                problems.Add($"{name} {version} is not in Directory.Packages.props: add it there.");
            else if (version != expected)
                problems.Add($"{name} {version}, but Directory.Packages.props pins {expected}.");
        }
        Assert.True(problems.Count == 0, $"{notebook}:\n  {string.Join("\n  ", problems)}");
    }

    [GeneratedRegex(@"^\s*#r\s+""nuget:\s*(?<name>[^,""\s]+)\s*,\s*(?<version>[^""\s]+)\s*""", RegexOptions.Multiline)]
    private static partial Regex NugetReference();

    [GeneratedRegex(@"<PackageVersion\s+Include=""(?<name>[^""]+)""\s+Version=""(?<version>[^""]+)""")]
    private static partial Regex PackageVersion();

    private static string? NavLine(string markdown) =>
        // The line with the contents link and an arrow; labels vary ("← previous", "← 02 · async/await basics").
        markdown.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("[contents](") && (l.Contains('←') || l.Contains('→')));

    private static JsonNode Load(string notebook)
    {
        if (notebook == "(none)") Assert.Fail("No notebooks under notebooks/ yet.");
        var path = Path.Combine(NotebookRuns.NotebooksFolder, notebook);
        return JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty JSON.");
    }

    private static IEnumerable<JsonNode> Cells(JsonNode root) =>
        root["cells"] is JsonArray cells ? cells.Where(c => c is not null).Select(c => c!) : [];

    // nbformat allows a cell's source as one string or as a list of lines.
    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkTarget();
}
