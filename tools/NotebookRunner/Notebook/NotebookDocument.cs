using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner.Notebook;

/// <summary>A notebook file that could not be read as a Jupyter notebook of format 4 (exit code 2).</summary>
internal sealed class NotebookFormatException(string message) : Exception(message);

/// <summary>One cell of a notebook: its kind, source text and the kernel it is meant for.</summary>
internal sealed record NotebookCell(int Number, string CellType, string Source, string KernelName, JsonObject Json)
{
    public bool IsCode => CellType == "code";
    public bool IsMarkdown => CellType == "markdown";
}

/// <summary>A parsed .ipynb (nbformat 4). Keeps the original JSON so the executed copy changes only outputs.</summary>
internal sealed class NotebookDocument
{
    private NotebookDocument(string path, JsonObject root, IReadOnlyList<NotebookCell> cells, string defaultKernel)
    {
        Path = path;
        Root = root;
        Cells = cells;
        DefaultKernelName = defaultKernel;
    }

    public string Path { get; }
    public JsonObject Root { get; }
    public IReadOnlyList<NotebookCell> Cells { get; }
    public string DefaultKernelName { get; }

    /// <summary>The text of the first markdown heading, or the file name.</summary>
    public string Title
    {
        get
        {
            foreach (var cell in Cells.Where(c => c.IsMarkdown))
                foreach (var line in cell.Source.Split('\n'))
                {
                    var t = line.Trim();
                    if (t.StartsWith('#'))
                        return t.TrimStart('#').Trim();
                }
            return System.IO.Path.GetFileNameWithoutExtension(Path);
        }
    }

    public static NotebookDocument Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException($"{path}: cannot read the file ({e.Message}).");
        }
        return Parse(path, text);
    }

    public static NotebookDocument Parse(string path, string text)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false }); }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{path}: not valid JSON ({e.Message}). Open it in an editor that saves .ipynb, or fix the JSON.");
        }
        if (node is not JsonObject root)
            throw new NotebookFormatException($"{path}: a notebook must be a JSON object with \"cells\", \"metadata\" and \"nbformat\".");
        var nbformat = root["nbformat"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        if (nbformat is null)
            throw new NotebookFormatException($"{path}: \"nbformat\" is missing; this does not look like a Jupyter notebook.");
        if (nbformat < 4)
            throw new NotebookFormatException($"{path}: nbformat {nbformat} is not supported; the runner reads nbformat 4. Convert it with: jupyter nbconvert --to notebook --nbformat 4 \"{path}\"");
        if (root["cells"] is not JsonArray cellArray)
            throw new NotebookFormatException($"{path}: \"cells\" must be an array.");

        var defaultKernel = (root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] as JsonValue)?.GetValue<string>() ?? "csharp";
        var cells = new List<NotebookCell>();
        var number = 0;
        foreach (var item in cellArray)
        {
            number++;
            if (item is not JsonObject cell)
                throw new NotebookFormatException($"{path}: cell {number} is not a JSON object.");
            var type = (cell["cell_type"] as JsonValue)?.TryGetValue<string>(out var s) == true ? s : null;
            if (type is null)
                throw new NotebookFormatException($"{path}: cell {number} has no \"cell_type\".");
            var source = ReadMultiline(cell["source"], path, number);
            var metadata = cell["metadata"] as JsonObject;
            var kernel = Str(metadata?["polyglot_notebook"]?["kernelName"])
                         ?? Str(metadata?["dotnet_interactive"]?["language"])
                         ?? defaultKernel;
            cells.Add(new NotebookCell(number, type, source, kernel, cell));
        }
        return new NotebookDocument(path, root, cells, defaultKernel);

        static string? Str(JsonNode? n) => n is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>Jupyter stores text either as one string or as a list of lines.</summary>
    private static string ReadMultiline(JsonNode? node, string path, int number) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray a => string.Concat(a.Select(x => x is JsonValue xv && xv.TryGetValue<string>(out var line)
            ? line
            : throw new NotebookFormatException($"{path}: cell {number} has a \"source\" line that is not a string."))),
        _ => throw new NotebookFormatException($"{path}: cell {number} has a \"source\" that is neither a string nor a list of strings."),
    };
}
