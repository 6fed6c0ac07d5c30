using System.Text.Json.Nodes;

namespace SolutionWriter;

/// <summary>
/// Turns a lesson into its solution, which lives one folder below it (notebooks/solutions/):
/// <list type="number">
/// <item>each cell is copied, replaced by its "solution" cells, followed by its "solution_after" cells, or left out
/// ("lesson_only"), as its <see cref="SolutionMetadata"/> says; the "concurrency_lab" key never reaches the solution;</item>
/// <item>every cell of the result has its relative links (markdown) or paths (code) pointed one folder up;</item>
/// <item>the first cell's H1 title is marked as the solutions' (<see cref="SolutionTitle"/>).</item>
/// </list>
/// The notebook's own metadata, nbformat and any other top-level key are copied. The lesson is only read.
/// </summary>
internal static class SolutionGenerator
{
    /// <summary>The solution's file text. <paramref name="lessonPath"/> names the lesson in errors and in the notice.</summary>
    public static string Generate(string lessonText, string lessonPath)
    {
        var lesson = NotebookReader.Read(lessonText, lessonPath);
        if (lesson["metadata"]!.AsObject().ContainsKey(SolutionMetadata.Key))
            throw LessonFormatException.InNotebook(lessonPath, $"the notebook's metadata holds \"{SolutionMetadata.Key}\"; it belongs in a cell's metadata.");

        var cells = new JsonArray();
        var lessonCells = lesson["cells"]!.AsArray();
        for (var i = 0; i < lessonCells.Count; i++)
        {
            var cell = lessonCells[i]!.AsObject();
            foreach (var solutionCell in CellsFor(cell, SolutionMetadata.Read(cell, lessonPath, i + 1)))
                cells.Add(WithPathsOneFolderUp(solutionCell));
        }
        MarkTitle(cells, lessonPath);

        var solution = new JsonObject();
        foreach (var (key, value) in lesson)
            solution[key] = key == "cells" ? cells : value?.DeepClone();
        return NbformatJsonWriter.Write(solution);
    }

    private static IEnumerable<JsonObject> CellsFor(JsonObject cell, SolutionMetadata marks)
    {
        if (marks.LessonOnly) yield break;
        var created = 0;
        if (marks.Solution is null)
            yield return CopyWithoutMarks(cell);
        else
            foreach (var solutionCell in marks.Solution)
                yield return Create(solutionCell, cell, ++created);
        foreach (var solutionCell in marks.SolutionAfter ?? [])
            yield return Create(solutionCell, cell, ++created);
    }

    private static JsonObject CopyWithoutMarks(JsonObject cell)
    {
        var copy = cell.DeepClone().AsObject();
        (copy["metadata"] as JsonObject)?.Remove(SolutionMetadata.Key);
        return copy;
    }

    /// <summary>
    /// A solution cell as nbformat stores it: a code cell cleared (no outputs, no execution count) with the lesson
    /// cell's metadata (its kernel) when that is a code cell, a markdown cell with none; a cell's own metadata wins.
    /// </summary>
    private static JsonObject Create(SolutionCell solutionCell, JsonObject lessonCell, int number)
    {
        var inherited = lessonCell["cell_type"]?.GetValue<string>() == "code" && solutionCell.CellType == "code"
            ? CopyWithoutMarks(lessonCell)["metadata"]?.DeepClone() as JsonObject
            : null;
        var cell = new JsonObject
        {
            ["cell_type"] = solutionCell.CellType,
            ["metadata"] = solutionCell.Metadata?.DeepClone() ?? inherited ?? new JsonObject(),
            ["source"] = new JsonArray(solutionCell.Source.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        };
        if (solutionCell.CellType == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        // nbformat 4.5 and later need a unique id on every cell: the lesson cell's, numbered.
        if (lessonCell["id"] is JsonValue id && id.TryGetValue<string>(out var lessonId))
            cell["id"] = $"{lessonId[..Math.Min(lessonId.Length, 56)]}-sol-{number}";
        return cell;
    }

    private static JsonObject WithPathsOneFolderUp(JsonObject cell)
    {
        var lines = CellSource.Lines(cell);
        switch (cell["cell_type"]!.GetValue<string>())
        {
            case "markdown":
                CellSource.Replace(cell, MarkdownLinks.Rewrite(lines));
                break;
            case "code":
                CellSource.Replace(cell, CodePaths.Rewrite(lines));
                break;
        }
        return cell;
    }

    private static void MarkTitle(JsonArray cells, string lessonPath)
    {
        var first = cells.FirstOrDefault() as JsonObject;
        var titled = first?["cell_type"]?.GetValue<string>() == "markdown"
            ? SolutionTitle.Apply(CellSource.Lines(first), Path.GetFileName(lessonPath))
            : null;
        if (titled is null)
            throw LessonFormatException.InNotebook(lessonPath, "the solution's first cell must be markdown with an H1 title (\"# NN · Title\").");
        CellSource.Replace(first!, titled);
    }
}
