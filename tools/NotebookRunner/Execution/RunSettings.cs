using NotebookRunner.Ipynb;

namespace NotebookRunner.Execution;

/// <summary>How to run notebooks.</summary>
/// <param name="CellTimeout">A cell running longer is stopped: its kernel is killed and the run ends (exit code 124 in the CLI).</param>
/// <param name="AllowErrors">nbclient's allow_errors: false stops a notebook at its first failing cell (later cells are not
/// run); true runs every cell and keeps the errors as outputs. A cell tagged "raises-exception" may always fail.</param>
internal sealed record RunSettings(TimeSpan CellTimeout, bool AllowErrors)
{
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Called when a notebook's run begins, before its kernel is awaited (progress lines).</summary>
    public Action<NotebookFile>? OnNotebookStarted { get; init; }

    /// <summary>Called after each code cell, run or not (progress lines).</summary>
    public Action<CellResult>? OnCellFinished { get; init; }
}
