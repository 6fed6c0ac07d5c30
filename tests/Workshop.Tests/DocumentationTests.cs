using System.Text.RegularExpressions;

namespace Workshop.Tests;

/// <summary>
/// The README and the instructor guide lead somewhere real: every lesson is listed, every relative link resolves,
/// and the commands they give name projects and options that exist.
/// </summary>
public partial class DocumentationTests
{
    private static readonly string[] Lessons = Directory.GetFiles(RepoPaths.Combine("notebooks"), "*.ipynb")
        .Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/instructor.md")]
    public void Every_lesson_is_linked(string document)
    {
        var text = File.ReadAllText(RepoPaths.Combine(document));
        Assert.NotEmpty(Lessons);
        var missing = Lessons.Where(lesson => !text.Contains(lesson, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{document} does not link {string.Join(", ", missing)}.");
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/instructor.md")]
    public void Every_relative_link_resolves(string document)
    {
        var path = RepoPaths.Combine(document);
        var folder = Path.GetDirectoryName(path)!;
        var broken = MarkdownLink().Matches(File.ReadAllText(path))
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#'))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
            .ToList();
        Assert.True(broken.Count == 0, $"{document} links to missing files: {string.Join(", ", broken)}");
    }

    [Fact]
    public void The_readme_gives_the_two_commands_and_they_name_real_things()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        Assert.Contains("dotnet build helpers/ConcurrencyLab.Notebook && dotnet run --project tools/NotebookRunner -- notebooks/ notebooks/solutions/ --gallery", readme);
        Assert.Contains("dotnet test ConcurrencyLab.slnx -m:1", readme);
        Assert.True(File.Exists(RepoPaths.Combine("ConcurrencyLab.slnx")));
        Assert.True(File.Exists(RepoPaths.Combine("tools", "NotebookRunner", "NotebookRunner.csproj")));
        // .ci/run must run the README's test command, or CI tests something else than what the README promises.
        Assert.Contains("dotnet test ConcurrencyLab.slnx -m:1", File.ReadAllText(RepoPaths.Combine(".ci", "run")));
    }

    [Fact]
    public void The_readme_says_how_solutions_are_made_with_a_command_that_names_a_real_project()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        Assert.Contains("## Editing a lesson", readme);
        Assert.Contains("dotnet run --project tools/SolutionWriter ", readme);
        Assert.Contains("dotnet run --project tools/SolutionWriter -- --check", readme);
        Assert.Contains("\"concurrency_lab\": {", readme);
        Assert.True(File.Exists(RepoPaths.Combine("tools", "SolutionWriter", "SolutionWriter.csproj")));
        Assert.Contains("tools/SolutionWriter/SolutionWriter.csproj", File.ReadAllText(RepoPaths.Combine("ConcurrencyLab.slnx")));
    }

    [Fact]
    public void The_kernel_comes_from_the_repositorys_tool_manifest_and_nothing_installs_it_globally()
    {
        var manifest = File.ReadAllText(RepoPaths.Combine(".config", "dotnet-tools.json"));
        Assert.Contains("\"microsoft.dotnet-interactive\"", manifest);
        Assert.Contains("\"1.0.712001\"", manifest);
        var places = new[] { "README.md", "docs/instructor.md", ".ci/run", ".devcontainer/post-create.sh", ".devcontainer/devcontainer.json" }
            .Concat(Directory.GetFiles(RepoPaths.Combine("notebooks"), "*.ipynb", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(RepoPaths.Root, p)));
        var global = places.Where(p => GlobalToolInstall().IsMatch(File.ReadAllText(RepoPaths.Combine(p)))).ToList();
        Assert.True(global.Count == 0, $"these ask for a global tool install: {string.Join(", ", global)}");
    }

    [Fact]
    public void The_readme_covers_each_way_in_and_the_troubles_attendees_hit()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        foreach (var heading in new[] { "## Open in Codespaces", "## Run it locally", "## Troubleshooting", "deprecated in 2026" })
            Assert.Contains(heading, readme);
        foreach (var trouble in new[] { "Helpers missing", "Kernel not found", "plotly.js could not be loaded", "Address already in use", "A cell runs forever" })
            Assert.Contains(trouble, readme);
    }

    [GeneratedRegex(@"dotnet tool install (-g|--global)")]
    private static partial Regex GlobalToolInstall();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
