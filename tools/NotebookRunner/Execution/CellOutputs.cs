using System.Text;

namespace NotebookRunner.Execution;

/// <summary>One output of a cell, in the order the cell produced them (the Jupyter output kinds).</summary>
internal abstract class CellOutput;

/// <summary>Text written to stdout or stderr; consecutive writes to the same stream are merged.</summary>
internal sealed class StreamOutput(string name) : CellOutput
{
    public string Name { get; } = name;
    public StringBuilder Text { get; } = new();
}

/// <summary>A value shown with display(...) (a MIME bundle); the kernel may replace it later by its value id.</summary>
internal sealed class DisplayOutput(IReadOnlyDictionary<string, string> data, string? valueId) : CellOutput
{
    public IReadOnlyDictionary<string, string> Data { get; private set; } = data;
    public string? ValueId { get; } = valueId;
    public void Replace(IReadOnlyDictionary<string, string> data) => Data = data;
}

/// <summary>The value of the cell's last expression (Jupyter's execute_result).</summary>
internal sealed class ResultOutput(IReadOnlyDictionary<string, string> data) : CellOutput
{
    public IReadOnlyDictionary<string, string> Data { get; } = data;
}

/// <summary>A compile error, an exception, a failed directive, a timeout or a kernel that went away.</summary>
internal sealed class ErrorOutput(string ename, string evalue, IReadOnlyList<string> traceback) : CellOutput
{
    public string EName { get; } = ename;
    public string EValue { get; } = evalue;
    public IReadOnlyList<string> Traceback { get; } = traceback;
}
