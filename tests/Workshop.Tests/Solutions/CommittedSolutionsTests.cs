using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SolutionWriter;

namespace Workshop.Tests.Solutions;

/// <summary>
/// The committed solutions are exactly what <c>dotnet run --project tools/SolutionWriter</c> writes from the committed
/// lessons today, and what they point at exists.
/// </summary>
public partial class CommittedSolutionsTests
{
    public static TheoryData<string> Lessons() => new(SolutionSet.Lessons(RepoPaths.Root));

    [Fact]
    public void There_are_lessons()
    {
        Assert.NotEmpty(SolutionSet.Lessons(RepoPaths.Root));
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public void The_committed_solution_is_what_its_lesson_generates(string lesson)
    {
        var expected = SolutionSet.Generate(RepoPaths.Root, lesson);
        var path = RepoPaths.Combine(expected.Solution);
        Assert.True(File.Exists(path), $"{expected.Solution} is missing. Run: dotnet run --project tools/SolutionWriter");
        var committed = File.ReadAllText(path);
        Assert.True(committed == expected.Text,
            $"{expected.Solution} differs from what {lesson} generates ({FirstDifference(committed, expected.Text)}). " +
            "Edit the lesson, not the solution, then run: dotnet run --project tools/SolutionWriter");
    }

    [Fact]
    public void Every_solution_has_a_lesson()
    {
        Assert.Empty(SolutionSet.Orphans(RepoPaths.Root));
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public void What_a_solution_links_or_loads_from_its_folder_exists(string lesson)
    {
        var solution = JsonNode.Parse(SolutionSet.Generate(RepoPaths.Root, lesson).Text)!;
        var folder = RepoPaths.Combine(SolutionSet.SolutionsFolder);
        var targets = solution["cells"]!.AsArray().SelectMany(cell =>
        {
            var source = string.Concat(cell!["source"]!.AsArray().Select(l => l!.GetValue<string>()));
            return (string)cell["cell_type"]! == "markdown"
                ? MarkdownLink().Matches(source).Select(m => m.Groups["target"].Value).Where(MarkdownLinks.IsRelative).Select(t => t.Split('#')[0])
                : FolderOutsideNotebooks().Matches(source).Select(m => m.Value);
        }).Distinct().ToList();

        Assert.NotEmpty(targets);
        var missing = targets.Where(t => !File.Exists(Path.Combine(folder, t)) && !Directory.Exists(Path.Combine(folder, t))).ToList();
        Assert.True(missing.Count == 0, $"{lesson}'s solution points at what does not exist from {SolutionSet.SolutionsFolder}/: {string.Join(", ", missing)}");
    }

    private static string FirstDifference(string committed, string expected)
    {
        var a = committed.Split('\n');
        var b = expected.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(end of file)";
            var y = i < b.Length ? b[i] : "(end of file)";
            if (x != y) return $"line {i + 1}: committed {x.Trim()} / generated {y.Trim()}";
        }
        return "same lines";
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    // A path that leaves notebooks/solutions/, up to the first folder it names (e.g. ../../helpers).
    [GeneratedRegex(@"(?<![\w./\\])(?:\.\./)+[A-Za-z0-9_.-]+")]
    private static partial Regex FolderOutsideNotebooks();
}
