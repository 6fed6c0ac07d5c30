namespace SolutionWriter;

/// <summary>
/// A lesson the generator cannot read: its message is one line naming the file (and the cell, when one is to blame).
/// Nothing is written when it is thrown.
/// </summary>
internal sealed class LessonFormatException(string message) : Exception(message)
{
    /// <summary>A problem in one cell, named by its 1-based position and its first line.</summary>
    public static LessonFormatException InCell(string lessonPath, int cellNumber, string firstLine, string problem) =>
        new($"{lessonPath}: cell {cellNumber} ({Preview(firstLine)}): {problem}");

    public static LessonFormatException InNotebook(string lessonPath, string problem) => new($"{lessonPath}: {problem}");

    private static string Preview(string line)
    {
        var text = line.Trim();
        if (text.Length == 0) return "empty first line";
        return text.Length <= 40 ? $"\"{text}\"" : $"\"{text[..40]}…\"";
    }
}
