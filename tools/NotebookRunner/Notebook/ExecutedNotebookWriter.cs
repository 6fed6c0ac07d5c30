using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookRunner.Execution;

namespace NotebookRunner.Notebook;

/// <summary>Writes the executed copy of a notebook: the source JSON with outputs and execution counts filled in.</summary>
internal static class ExecutedNotebookWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(NotebookResult result)
    {
        var root = (JsonObject)result.Document.Root.DeepClone();
        var cells = (JsonArray)root["cells"]!;
        foreach (var cellResult in result.Cells)
        {
            if (!cellResult.Cell.IsCode) continue;
            var cell = (JsonObject)cells[cellResult.Number - 1]!;
            cell["execution_count"] = cellResult.ExecutionCount is { } n ? JsonValue.Create(n) : null;
            var outputs = new JsonArray();
            foreach (var output in cellResult.Outputs)
                outputs.Add(ToJson(output, cellResult.ExecutionCount));
            cell["outputs"] = outputs;
        }
        return root.ToJsonString(Json) + "\n";
    }

    private static JsonObject ToJson(CellOutput output, int? executionCount) => output switch
    {
        StreamOutput s => new JsonObject
        {
            ["name"] = s.Name,
            ["output_type"] = "stream",
            ["text"] = Lines(s.Text.ToString()),
        },
        DisplayOutput d => new JsonObject
        {
            ["data"] = Data(d.Data),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        ResultOutput r => new JsonObject
        {
            ["data"] = Data(r.Data),
            ["execution_count"] = executionCount,
            ["metadata"] = new JsonObject(),
            ["output_type"] = "execute_result",
        },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.EName,
            ["evalue"] = e.EValue,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray([.. e.Traceback.Select(t => (JsonNode?)JsonValue.Create(t))]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name, "unknown output kind"),
    };

    /// <summary>MIME bundle: JSON types are stored as JSON, text types as lists of lines (as Jupyter does).</summary>
    private static JsonObject Data(IReadOnlyDictionary<string, string> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in data)
        {
            JsonNode? node = null;
            if (mime.EndsWith("json", StringComparison.OrdinalIgnoreCase))
                try { node = JsonNode.Parse(value); } catch (JsonException) { }
            bundle[mime] = node ?? Lines(value);
        }
        return bundle;
    }

    private static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end + 1;
            array.Add(text[start..stop]);
            start = stop;
        }
        return array;
    }
}
