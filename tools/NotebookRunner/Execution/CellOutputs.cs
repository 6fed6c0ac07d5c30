using System.Text;

namespace NotebookRunner.Execution;

/// <summary>One output of a cell, in the order the cell produced them (the Jupyter output kinds).</summary>
internal abstract record CellOutput;

/// <summary>Text written to stdout or stderr; consecutive writes to the same stream are merged.</summary>
internal sealed record StreamOutput(string Name) : CellOutput
{
    public StringBuilder Text { get; } = new();
}

/// <summary>A value shown with display(...) (a MIME bundle); the kernel may replace it later by its value id.</summary>
internal sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, string? ValueId) : CellOutput
{
    public IReadOnlyDictionary<string, string> Data { get; set; } = Data;
}

/// <summary>The value of the cell's last expression (Jupyter's execute_result).</summary>
internal sealed record ResultOutput(IReadOnlyDictionary<string, string> Data) : CellOutput;

/// <summary>A compile error, an exception, a failed directive, a timeout or a kernel that went away.</summary>
internal sealed record ErrorOutput(string EName, string EValue, IReadOnlyList<string> Traceback) : CellOutput;
