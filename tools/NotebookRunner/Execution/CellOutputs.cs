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

/// <summary>A value shown with display(...); its content can be replaced later through its handle.</summary>
internal sealed class DisplayOutput(IReadOnlyDictionary<string, string> data) : CellOutput
{
    private volatile IReadOnlyDictionary<string, string> _data = data;
    public IReadOnlyDictionary<string, string> Data => _data;
    public void Replace(IReadOnlyDictionary<string, string> data) => _data = data;
}

/// <summary>The value of the cell's last expression (Jupyter's execute_result).</summary>
internal sealed class ResultOutput(IReadOnlyDictionary<string, string> data) : CellOutput
{
    public IReadOnlyDictionary<string, string> Data { get; } = data;
}

/// <summary>A compile error, an exception, a failed directive or a timeout.</summary>
internal sealed class ErrorOutput(string ename, string evalue, IReadOnlyList<string> traceback) : CellOutput
{
    public string EName { get; } = ename;
    public string EValue { get; } = evalue;
    public IReadOnlyList<string> Traceback { get; } = traceback;
}
