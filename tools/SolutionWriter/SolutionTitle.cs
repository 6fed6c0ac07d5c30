namespace SolutionWriter;

/// <summary>
/// Marks a solution as one, the same way in every notebook: its H1 title (the first line starting with "# " in its
/// first cell) ends with " (solutions)", and under it a paragraph links the lesson it is generated from.
/// </summary>
internal static class SolutionTitle
{
    public const string Suffix = " (solutions)";

    public static string Notice(string lessonFileName) =>
        $"**Solutions**: this copy of [the lesson](../{lessonFileName}) has its exercises solved. It is generated from the " +
        "lesson by `dotnet run --project tools/SolutionWriter`: edit the lesson, not this file.";

    /// <summary>The first cell's lines with the suffix and the notice; null when the cell has no H1 title.</summary>
    public static IReadOnlyList<string>? Apply(IReadOnlyList<string> lines, string lessonFileName)
    {
        var title = lines.ToList().FindIndex(l => l.StartsWith("# ", StringComparison.Ordinal));
        if (title < 0) return null;
        var rest = lines.Skip(title + 1).ToList();
        var result = lines.Take(title).ToList();
        result.Add(lines[title].TrimEnd('\n') + Suffix + "\n");
        result.Add("\n");
        if (rest.Count == 0)
            result.Add(Notice(lessonFileName));
        else
        {
            result.Add(Notice(lessonFileName) + "\n");
            if (rest[0].Trim().Length > 0) result.Add("\n");
            result.AddRange(rest);
        }
        return result;
    }
}
