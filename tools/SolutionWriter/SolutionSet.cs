using System.Text.RegularExpressions;

namespace SolutionWriter;

/// <summary>
/// One solution as the generator writes it: the lesson it comes from and where it goes (paths relative to the
/// repository root, with "/"), and its text.
/// </summary>
internal sealed record SolutionFile(string Lesson, string Solution, string Text)
{
    /// <summary>True when the file on disk already holds exactly this text.</summary>
    public bool IsUpToDate(string root)
    {
        var path = Path.Combine(root, Solution);
        return File.Exists(path) && File.ReadAllText(path) == Text;
    }
}

/// <summary>
/// The lessons of a repository (notebooks/NN-*.ipynb) and their solutions (notebooks/solutions/ under the same name).
/// Paths are given relative to the repository root, with "/", so messages read the same on every machine.
/// </summary>
internal static partial class SolutionSet
{
    public const string LessonsFolder = "notebooks";
    public const string SolutionsFolder = "notebooks/solutions";

    /// <summary>Every lesson, by file name in ordinal order.</summary>
    public static IReadOnlyList<string> Lessons(string root) =>
        Directory.Exists(Path.Combine(root, LessonsFolder))
            ? Directory.GetFiles(Path.Combine(root, LessonsFolder), "*.ipynb")
                .Select(Path.GetFileName).OfType<string>().Where(IsLessonName)
                .Order(StringComparer.Ordinal).Select(name => $"{LessonsFolder}/{name}").ToList()
            : [];

    /// <summary>The solution of one lesson (a path relative to <paramref name="root"/>); throws <see cref="LessonFormatException"/>.</summary>
    public static SolutionFile Generate(string root, string lesson)
    {
        var solution = $"{SolutionsFolder}/{Path.GetFileName(lesson)}";
        var text = SolutionGenerator.Generate(File.ReadAllText(Path.Combine(root, lesson)), lesson);
        return new SolutionFile(lesson, solution, text);
    }

    /// <summary>Every lesson's solution; the first bad lesson throws, before anything is written.</summary>
    public static IReadOnlyList<SolutionFile> GenerateAll(string root) => Lessons(root).Select(l => Generate(root, l)).ToList();

    /// <summary>Solution files whose lesson does not exist (a renamed or removed lesson).</summary>
    public static IReadOnlyList<string> Orphans(string root)
    {
        var folder = Path.Combine(root, SolutionsFolder);
        if (!Directory.Exists(folder)) return [];
        var lessons = Lessons(root).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        return Directory.GetFiles(folder, "*.ipynb").Select(Path.GetFileName).OfType<string>()
            .Where(name => IsLessonName(name) && !lessons.Contains(name))
            .Order(StringComparer.Ordinal).Select(name => $"{SolutionsFolder}/{name}").ToList();
    }

    private static bool IsLessonName(string name) => LessonName().IsMatch(name);

    [GeneratedRegex(@"^[0-9]{2}-.+\.ipynb$")]
    private static partial Regex LessonName();
}
