using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using NotebookRunner.Execution;

namespace NotebookRunner.Report;

/// <summary>
/// Writes the executed copy of a notebook with the kernel's own document model: a fresh parse of the source, the
/// outputs and execution counts filled in, written by the same writer the editor uses (nbformat 4.5). Two things
/// that writer does not do are done here: cells without an id get a stable one (4.5 requires ids), and raw cells,
/// which the model reads as code, are written back as raw.
/// </summary>
internal static class ExecutedNotebookWriter
{
    public static string ToJson(NotebookResult result)
    {
        var document = Notebook.Parse(result.Notebook.Text);
        foreach (var cell in result.Cells)
        {
            var element = document.Elements[cell.Number - 1];
            if (string.IsNullOrEmpty(element.Id)) element.Id = $"cell-{cell.Number}";
            element.Outputs.Clear();
            if (!cell.Cell.IsCode) continue;
            if (cell.ExecutionCount is { } count) element.ExecutionOrder = count;
            foreach (var output in cell.Outputs)
                element.Outputs.Add(ToElement(output, cell.ExecutionCount ?? 0));
        }
        var json = document.ToJupyterJson();
        return RestoreRawCells(json, result) + (json.EndsWith('\n') ? "" : "\n");
    }

    private static InteractiveDocumentOutputElement ToElement(CellOutput output, int executionCount) => output switch
    {
        StreamOutput s => new TextElement(s.Text.ToString(), s.Name),
        DisplayOutput d => new DisplayElement(Data(d.Data)),
        ResultOutput r => WithData(new ReturnValueElement { ExecutionOrder = executionCount }, r.Data),
        ErrorOutput e => new ErrorElement(e.EValue, e.EName, [.. e.Traceback]),
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name, "unknown output kind"),
    };

    private static ReturnValueElement WithData(ReturnValueElement element, IReadOnlyDictionary<string, string> data)
    {
        foreach (var (mime, value) in Data(data)) element.Data[mime] = value;
        return element;
    }

    /// <summary>A MIME bundle; JSON types are stored as JSON (as Jupyter stores them), other types as text.</summary>
    private static Dictionary<string, object> Data(IReadOnlyDictionary<string, string> data) =>
        data.ToDictionary(p => p.Key, p => p.Key.EndsWith("json", StringComparison.OrdinalIgnoreCase) ? JsonOrText(p.Value) : p.Value, StringComparer.Ordinal);

    private static object JsonOrText(string value)
    {
        try { return JsonDocument.Parse(value).RootElement.Clone(); }
        catch (JsonException) { return value; }
    }

    private static string RestoreRawCells(string json, NotebookResult result)
    {
        var rawCells = result.Cells.Where(c => c.Cell.CellType == "raw").ToList();
        if (rawCells.Count == 0) return json;
        var root = JsonNode.Parse(json)!.AsObject();
        var cells = root["cells"]!.AsArray();
        foreach (var raw in rawCells)
        {
            var cell = cells[raw.Number - 1]!.AsObject();
            cell["cell_type"] = "raw";
            cell.Remove("outputs");
            cell.Remove("execution_count");
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
