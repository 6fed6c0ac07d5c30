using System.Text;
using NotebookRunner.Ipynb;
using NotebookRunner.Kernel;

namespace NotebookRunner.Execution;

internal enum CellStatus { Markdown, Passed, Failed, TimedOut, NotRun }

/// <summary>What happened to one cell.</summary>
internal sealed record CellResult(NotebookCell Cell, CellStatus Status, double ElapsedMs, int? ExecutionCount, IReadOnlyList<CellOutput> Outputs)
{
    public int Number => Cell.Number;

    /// <summary>True if the cell failed and was not allowed to (nbclient's "raises-exception" tag allows it).</summary>
    public bool CountsAsFailure => Status == CellStatus.TimedOut || (Status == CellStatus.Failed && !Cell.MayRaise);

    /// <summary>One line per error of this cell, each naming the cell (and line where known).</summary>
    public IEnumerable<string> ErrorLines => Outputs.OfType<ErrorOutput>().Select(e => e.Traceback.Count > 0 ? e.Traceback[0] : $"cell {Number}: {e.EName}: {e.EValue}");

    /// <summary>A cell that was not run: a code cell after the run stopped, or a markdown or raw cell.</summary>
    public static CellResult NotRun(NotebookCell cell) => new(cell, cell.IsCode ? CellStatus.NotRun : CellStatus.Markdown, 0, null, []);
}

/// <summary>The outcome of running one notebook.</summary>
/// <param name="StartupMs">Time from the start of the run until the kernel was ready for the first cell.</param>
/// <param name="KernelProblem">Why the kernel could not run the notebook (not started, or gone mid-run), or null.</param>
internal sealed record NotebookResult(NotebookFile Notebook, IReadOnlyList<CellResult> Cells, double StartupMs, double TotalMs, string? KernelProblem)
{
    public bool TimedOut => Cells.Any(c => c.Status == CellStatus.TimedOut);
    public IEnumerable<CellResult> FailedCells => Cells.Where(c => c.CountsAsFailure);
    public bool Succeeded => KernelProblem is null && !FailedCells.Any();

    /// <summary>A notebook whose kernel could not be started: no cell ran.</summary>
    public static NotebookResult NotStarted(NotebookFile notebook, double elapsedMs, KernelStartException why) =>
        new(notebook, [.. notebook.Cells.Select(CellResult.NotRun)], elapsedMs, elapsedMs, $"the kernel could not be started: {why.Message}");
}

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
