using NotebookRunner.Notebook;

namespace NotebookRunner.Execution;

internal enum CellStatus { Markdown, Passed, Failed, TimedOut, NotRun }

/// <summary>What happened to one cell.</summary>
internal sealed record CellResult(
    NotebookCell Cell,
    CellStatus Status,
    double ElapsedMs,
    int? ExecutionCount,
    IReadOnlyList<CellOutput> Outputs)
{
    public int Number => Cell.Number;

    /// <summary>True if the cell failed and was not allowed to (nbclient's "raises-exception" tag allows it).</summary>
    public bool CountsAsFailure => Status == CellStatus.TimedOut || (Status == CellStatus.Failed && !Cell.MayRaise);

    /// <summary>One line per error of this cell, each naming the cell (and line where known).</summary>
    public IEnumerable<string> ErrorLines => Outputs.OfType<ErrorOutput>().Select(e => e.Traceback.Count > 0 ? e.Traceback[0] : $"cell {Number}: {e.EName}: {e.EValue}");
}

/// <summary>A top-level variable of the notebook's C# kernel at the end of the run (RequestValueInfos / RequestValue).</summary>
/// <param name="Json">The value as the kernel's JSON formatter wrote it, or null if it was not asked for or could not be formatted.</param>
/// <param name="Summary">The kernel's one-line text summary of the value.</param>
internal sealed record KernelVariable(string Name, string TypeName, string? Json, string Summary);

/// <summary>The outcome of running one notebook.</summary>
internal sealed class NotebookResult(
    NotebookFile notebook,
    IReadOnlyList<CellResult> cells,
    double startupMs,
    double totalMs,
    IReadOnlyDictionary<string, KernelVariable> variables,
    string? kernelProblem)
{
    public NotebookFile Notebook { get; } = notebook;
    public IReadOnlyList<CellResult> Cells { get; } = cells;

    /// <summary>Time from the start of the run until the kernel was ready for the first cell.</summary>
    public double StartupMs { get; } = startupMs;
    public double TotalMs { get; } = totalMs;

    /// <summary>The C# kernel's variables after the last cell, when the run was asked to collect them.</summary>
    public IReadOnlyDictionary<string, KernelVariable> Variables { get; } = variables;

    /// <summary>Why the kernel could not run the notebook (not started, or gone mid-run), or null.</summary>
    public string? KernelProblem { get; } = kernelProblem;

    /// <summary>Every process that was in the kernel's tree when the run ended it (all of them dead afterwards).</summary>
    public IReadOnlyList<int> KernelProcessIds { get; init; } = [];

    public bool TimedOut => Cells.Any(c => c.Status == CellStatus.TimedOut);
    public IEnumerable<CellResult> FailedCells => Cells.Where(c => c.CountsAsFailure);
    public bool Succeeded => KernelProblem is null && !FailedCells.Any();
}
