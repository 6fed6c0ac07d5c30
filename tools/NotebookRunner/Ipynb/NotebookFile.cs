using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace NotebookRunner.Ipynb;

/// <summary>A notebook file that could not be read as a Jupyter notebook of format 4 (exit code 2).</summary>
internal sealed class NotebookFormatException(string message) : Exception(message);

/// <summary>One cell of a notebook: its 1-based position, kind, source text and the kernel it is meant for.</summary>
internal sealed record NotebookCell(int Number, string CellType, string Source, string KernelName)
{
    public bool IsCode => CellType == "code";
    public bool IsMarkdown => CellType == "markdown";

    /// <summary>nbclient's per-cell permission to fail: the tag "raises-exception" in the cell's metadata.</summary>
    public bool MayRaise { get; init; }
}

/// <summary>
/// A .ipynb read twice over: checked as JSON first, so a broken file gets a message naming what is wrong, then
/// parsed by the kernel's own document model (Microsoft.DotNet.Interactive.Documents), which decides each cell's
/// kernel exactly as the editor does (cell metadata, else the notebook's default kernel).
/// </summary>
/// <param name="Text">The file's text as read (the executed copy is written from a fresh parse of it).</param>
/// <param name="DefaultKernelName">The kernel the notebook names as its default (polyglot_notebook.kernelInfo), csharp if none.</param>
internal sealed record NotebookFile(string Path, string Text, IReadOnlyList<NotebookCell> Cells, string DefaultKernelName)
{
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>The text of the first markdown heading, or the file name.</summary>
    public string Title =>
        Cells.Where(c => c.IsMarkdown).SelectMany(c => c.Source.Split('\n')).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim()
        ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    public static NotebookFile Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Malformed(path, $"cannot read the file ({e.Message})."); }
        var jsonCells = CheckJson(path, text);
        InteractiveDocument document;
        try { document = Notebook.Parse(text); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException)
        {
            throw Malformed(path, $"the notebook could not be read ({e.Message}).");
        }
        if (document.Elements.Count != jsonCells.Count)
            throw Malformed(path, $"{jsonCells.Count} cells in the file but {document.Elements.Count} read; the file is not a notebook the kernel can open.");

        var defaultKernel = DefaultKernelOf(document);
        var cells = jsonCells.Select((json, i) =>
        {
            var element = document.Elements[i];
            // The document model reads raw cells as code cells without a kernel: the JSON says what they are.
            var kernel = json.Type == "code" ? (string.IsNullOrEmpty(element.KernelName) ? defaultKernel : element.KernelName) : json.Type;
            return new NotebookCell(i + 1, json.Type, element.Contents ?? "", kernel) { MayRaise = json.Tags.Contains("raises-exception") };
        });
        return new NotebookFile(path, text, [.. cells], defaultKernel);
    }

    private static string DefaultKernelOf(InteractiveDocument document)
    {
        try { return document.GetDefaultKernelName() is { Length: > 0 } name ? name : "csharp"; }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or InvalidCastException) { return "csharp"; }
    }

    /// <summary>The checks that give a clear message; returns each cell's type and tags.</summary>
    private static List<(string Type, string[] Tags)> CheckJson(string path, string text)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false }); }
        catch (JsonException e) { throw Malformed(path, $"not valid JSON ({e.Message}). Open it in an editor that saves .ipynb, or fix the JSON."); }
        if (node is not JsonObject root)
            throw Malformed(path, "a notebook must be a JSON object with \"cells\", \"metadata\" and \"nbformat\".");
        var nbformat = root["nbformat"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        var problem = nbformat switch
        {
            null => "\"nbformat\" is missing; this does not look like a Jupyter notebook.",
            < 4 => $"nbformat {nbformat} is not supported; the runner reads nbformat 4. Convert it with: jupyter nbconvert --to notebook --nbformat 4 \"{path}\"",
            > 4 => $"nbformat {nbformat} is newer than the nbformat 4 the kernel reads.",
            _ => root["cells"] is JsonArray ? null : "\"cells\" must be an array.",
        };
        if (problem is not null) throw Malformed(path, problem);

        var cells = new List<(string, string[])>();
        foreach (var item in root["cells"]!.AsArray())
        {
            var number = cells.Count + 1;
            if (item is not JsonObject cell) throw Malformed(path, $"cell {number} is not a JSON object.");
            var type = StringIn(cell["cell_type"]);
            if (type is not ("code" or "markdown" or "raw"))
                throw Malformed(path, $"cell {number} has {(type is null ? "no \"cell_type\"" : $"the unknown cell_type \"{type}\"")}; expected code, markdown or raw.");
            // Jupyter stores text either as one string or as a list of lines.
            if (cell["source"] is { } source && (source is JsonArray lines ? lines.Any(line => StringIn(line) is null) : StringIn(source) is null))
                throw Malformed(path, $"cell {number} has a \"source\" that is neither a string nor a list of strings.");
            cells.Add((type, [.. (cell["metadata"]?["tags"] as JsonArray ?? []).Select(StringIn).OfType<string>()]));
        }
        return cells;
    }

    private static NotebookFormatException Malformed(string path, string why) => new($"{path}: {why}");

    private static string? StringIn(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
