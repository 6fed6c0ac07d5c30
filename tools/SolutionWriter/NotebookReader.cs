using System.Text.Json;
using System.Text.Json.Nodes;

namespace SolutionWriter;

/// <summary>
/// Reads a lesson and checks the shape the generator relies on: an nbformat 4 JSON object whose "cells" are objects
/// with cell_type code, markdown or raw, a source (one string or a list of strings) and, if any, an object as metadata.
/// </summary>
internal static class NotebookReader
{
    public static JsonObject Read(string text, string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException e)
        {
            throw LessonFormatException.InNotebook(path, $"not valid JSON ({OneLine(e.Message)}).");
        }
        if (node is not JsonObject root)
            throw LessonFormatException.InNotebook(path, "a notebook must be a JSON object with \"cells\", \"metadata\" and \"nbformat\".");
        try
        {
            // A duplicate key surfaces only when the object is first used.
            _ = root.Count;
            CheckRoot(root, path);
        }
        catch (ArgumentException e)
        {
            throw LessonFormatException.InNotebook(path, $"not a well-formed notebook ({OneLine(e.Message)}).");
        }
        return root;
    }

    private static void CheckRoot(JsonObject root, string path)
    {
        if (root["nbformat"] is not JsonValue version || !version.TryGetValue<int>(out var major) || major != 4)
            throw LessonFormatException.InNotebook(path, "\"nbformat\" must be 4.");
        if (root["metadata"] is not JsonObject)
            throw LessonFormatException.InNotebook(path, "\"metadata\" must be an object.");
        if (root["cells"] is not JsonArray cells)
            throw LessonFormatException.InNotebook(path, "\"cells\" must be a list.");
        for (var i = 0; i < cells.Count; i++)
            CheckCell(cells[i], path, i + 1);
    }

    private static void CheckCell(JsonNode? node, string path, int number)
    {
        if (node is not JsonObject cell)
            throw LessonFormatException.InNotebook(path, $"cell {number} is not a JSON object.");
        _ = cell.Count;
        var type = cell["cell_type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (type is not ("code" or "markdown" or "raw"))
            throw LessonFormatException.InNotebook(path, $"cell {number} has {(type is null ? "no cell_type" : $"the unknown cell_type \"{type}\"")}; expected code, markdown or raw.");
        if (!CellSource.IsValid(cell["source"]))
            throw LessonFormatException.InNotebook(path, $"cell {number} has a \"source\" that is neither a string nor a list of strings.");
        if (cell.ContainsKey("metadata") && cell["metadata"] is not JsonObject)
            throw LessonFormatException.InCell(path, number, CellSource.FirstLine(cell), "\"metadata\" must be an object.");
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
