using System.Text.Json.Nodes;

namespace SolutionWriter;

/// <summary>
/// What one lesson cell asks of the solution, read from its metadata key "concurrency_lab" (absent: the cell is copied):
/// <list type="bullet">
/// <item><c>"solution": [cells]</c>: these cells take the lesson cell's place (a stub and its worked answer);</item>
/// <item><c>"solution_after": [cells]</c>: the lesson cell stays and these cells follow it;</item>
/// <item><c>"lesson_only": true</c>: the cell is left out of the solution.</item>
/// </list>
/// Each list holds at least one cell of the <see cref="SolutionCell"/> shape. Anything else is an error, so a typo never
/// silently changes a solution.
/// </summary>
internal sealed record SolutionMetadata(IReadOnlyList<SolutionCell>? Solution, IReadOnlyList<SolutionCell>? SolutionAfter, bool LessonOnly)
{
    public const string Key = "concurrency_lab";
    private const string SolutionKey = "solution";
    private const string SolutionAfterKey = "solution_after";
    private const string LessonOnlyKey = "lesson_only";
    private static readonly string[] SolutionCellKeys = ["cell_type", "source", "metadata"];

    public static SolutionMetadata None { get; } = new(null, null, false);

    public static SolutionMetadata Read(JsonObject cell, string path, int number)
    {
        if (cell["metadata"] is not JsonObject metadata || !metadata.ContainsKey(Key)) return None;
        var firstLine = CellSource.FirstLine(cell);
        LessonFormatException Problem(string problem) => LessonFormatException.InCell(path, number, firstLine, problem);

        if (metadata[Key] is not JsonObject marks || marks.Count == 0)
            throw Problem($"\"{Key}\" must be an object with \"{SolutionKey}\", \"{SolutionAfterKey}\" or \"{LessonOnlyKey}\".");
        foreach (var (key, _) in marks)
            if (key is not (SolutionKey or SolutionAfterKey or LessonOnlyKey))
                throw Problem($"unknown key \"{key}\" in \"{Key}\" (expected \"{SolutionKey}\", \"{SolutionAfterKey}\" or \"{LessonOnlyKey}\").");

        var lessonOnly = false;
        if (marks.ContainsKey(LessonOnlyKey))
        {
            if (marks[LessonOnlyKey] is not JsonValue flag || !flag.TryGetValue<bool>(out var value) || !value)
                throw Problem($"\"{Key}.{LessonOnlyKey}\" must be true (remove it to keep the cell in the solution).");
            if (marks.Count > 1)
                throw Problem($"a \"{LessonOnlyKey}\" cell has no place in the solution, so it takes no other key in \"{Key}\".");
            lessonOnly = true;
        }
        return new SolutionMetadata(
            marks.ContainsKey(SolutionKey) ? ReadCells(marks[SolutionKey], SolutionKey, Problem) : null,
            marks.ContainsKey(SolutionAfterKey) ? ReadCells(marks[SolutionAfterKey], SolutionAfterKey, Problem) : null,
            lessonOnly);
    }

    private static List<SolutionCell> ReadCells(JsonNode? node, string key, Func<string, LessonFormatException> problem)
    {
        var name = $"\"{Key}.{key}\"";
        if (node is not JsonArray list || list.Count == 0)
            throw problem($"{name} must be a non-empty list of cells.");
        var cells = new List<SolutionCell>();
        for (var i = 0; i < list.Count; i++)
            cells.Add(ReadCell(list[i], $"{name} item {i + 1}", problem));
        return cells;
    }

    private static SolutionCell ReadCell(JsonNode? node, string name, Func<string, LessonFormatException> problem)
    {
        if (node is not JsonObject cell)
            throw problem($"{name} must be a cell: {{\"cell_type\": \"code\" or \"markdown\", \"source\": [lines]}}.");
        foreach (var (key, _) in cell)
            if (!SolutionCellKeys.Contains(key))
                throw problem($"{name} has the unknown key \"{key}\" (a cell there has \"cell_type\", \"source\" and optionally \"metadata\").");
        var type = cell["cell_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (type is not ("code" or "markdown"))
            throw problem($"{name} needs a \"cell_type\" of \"code\" or \"markdown\".");
        if (cell["source"] is not JsonArray source || !CellSource.IsValid(source))
            throw problem($"{name} needs a \"source\" that is a list of lines (strings).");
        var lines = source.Select(l => l!.GetValue<string>()).ToList();
        if (lines.Take(lines.Count - 1).Any(l => !l.EndsWith('\n')) || lines.Any(l => l.IndexOf('\n') is >= 0 and var at && at != l.Length - 1))
            throw problem($"{name} has a \"source\" line that is not one line: each ends with \"\\n\" but the last, and holds no other.");
        JsonObject? metadata = null;
        if (cell.ContainsKey("metadata"))
        {
            metadata = cell["metadata"] as JsonObject ?? throw problem($"{name} has \"metadata\" that is not an object.");
            if (metadata.ContainsKey(Key))
                throw problem($"{name} has its own \"{Key}\" key; solution cells do not nest.");
        }
        return new SolutionCell(type, lines, metadata);
    }
}
