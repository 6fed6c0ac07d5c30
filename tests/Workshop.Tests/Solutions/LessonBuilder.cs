using System.Text.Json.Nodes;
using SolutionWriter;

namespace Workshop.Tests.Solutions;

/// <summary>Small lessons built in memory, in the shape the committed ones have (VS Code's metadata, cleared cells).</summary>
internal static class LessonBuilder
{
    public const string FileName = "notebooks/01-lesson.ipynb";

    public static JsonObject KernelMetadata(string kernel = "csharp") => new()
    {
        ["dotnet_interactive"] = new JsonObject { ["language"] = kernel },
        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel },
    };

    public static JsonObject Markdown(string text) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(text),
    };

    public static JsonObject Code(string text, string kernel = "csharp") => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = KernelMetadata(kernel),
        ["outputs"] = new JsonArray(),
        ["source"] = Lines(text),
    };

    /// <summary>A cell as a "concurrency_lab" list holds it.</summary>
    public static JsonObject SolutionCell(string type, string text, JsonObject? metadata = null)
    {
        var cell = new JsonObject { ["cell_type"] = type, ["source"] = Lines(text) };
        if (metadata is not null) cell["metadata"] = metadata;
        return cell;
    }

    public static JsonObject Marked(JsonObject cell, JsonNode? marks)
    {
        cell["metadata"]!.AsObject()[SolutionMetadata.Key] = marks;
        return cell;
    }

    public static JsonObject Title(string title = "# 01 · A lesson") =>
        Markdown($"{title}\n\n*What it teaches.*\n\n[← previous](00-start-here.ipynb) · [contents](00-start-here.ipynb) · [next →](02-next.ipynb)");

    public static string Notebook(params JsonObject[] cells) => NbformatJsonWriter.Write(new JsonObject
    {
        ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)c).ToArray()),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 2,
    });

    /// <summary>The solution's cells, generated from a lesson made of these cells.</summary>
    public static JsonArray SolutionCells(params JsonObject[] cells) =>
        JsonNode.Parse(SolutionGenerator.Generate(Notebook(cells), FileName))!["cells"]!.AsArray();

    public static string Source(JsonNode? cell) => string.Concat(cell!["source"]!.AsArray().Select(l => l!.GetValue<string>()));

    public static string[] SourceLines(JsonNode? cell) => cell!["source"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();

    private static JsonArray Lines(string text) => new(CellSource.Split(text).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
}
