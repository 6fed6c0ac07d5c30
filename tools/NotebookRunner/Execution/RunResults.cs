using Microsoft.CodeAnalysis.Scripting;
using NotebookRunner.Notebook;

namespace NotebookRunner.Execution;

internal enum CellStatus { Markdown, Passed, Failed, Skipped, TimedOut, NotRun }

/// <summary>What happened to one cell.</summary>
internal sealed record CellResult(
    NotebookCell Cell,
    CellStatus Status,
    double ElapsedMs,
    int? ExecutionCount,
    IReadOnlyList<CellOutput> Outputs,
    string? Warning = null)
{
    public int Number => Cell.Number;

    /// <summary>One line per error of this cell, each naming the cell (and line where known).</summary>
    public IEnumerable<string> ErrorLines => Outputs.OfType<ErrorOutput>().SelectMany(e => e.Traceback.Take(1).DefaultIfEmpty($"cell {Number}: {e.EName}: {e.EValue}"));
}

/// <summary>The outcome of running one notebook.</summary>
internal sealed class NotebookResult(NotebookDocument document, IReadOnlyList<CellResult> cells, double warmupMs, double totalMs, ScriptState<object>? finalState)
{
    public NotebookDocument Document { get; } = document;
    public IReadOnlyList<CellResult> Cells { get; } = cells;
    /// <summary>Time from the start of the run to the moment the first cell could start.</summary>
    public double WarmupMs { get; } = warmupMs;
    public double TotalMs { get; } = totalMs;
    public ScriptState<object>? FinalState { get; } = finalState;

    public bool TimedOut => Cells.Any(c => c.Status == CellStatus.TimedOut);
    public IEnumerable<CellResult> FailedCells => Cells.Where(c => c.Status is CellStatus.Failed or CellStatus.TimedOut);
    public bool Succeeded => !FailedCells.Any();
}
