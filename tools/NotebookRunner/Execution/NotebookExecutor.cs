using System.Diagnostics;
using Microsoft.DotNet.Interactive.Commands;
using NotebookRunner.Ipynb;
using NotebookRunner.Kernel;

namespace NotebookRunner.Execution;

/// <summary>
/// Runs a notebook's cells in a ready kernel, as the editor's Run All does: each code cell is one SubmitCode to the
/// kernel the cell names, and its events become the cell's outputs. The run stops at a cell that timed out (its
/// kernel is killed: a cell that never yields keeps the kernel busy even after Cancel), when the kernel process ends,
/// and, unless errors are allowed, at the first failing cell; the cells after it are not run.
/// </summary>
internal static class NotebookExecutor
{
    /// <summary>Extra time the first cell gets: the kernel compiles its first submission then (seconds, more on a busy machine).</summary>
    private static readonly TimeSpan FirstCellAllowance = TimeSpan.FromSeconds(30);

    /// <summary>Runs the cells; the result's <see cref="NotebookResult.StartupMs"/> is zero (the kernel was ready).</summary>
    public static async Task<NotebookResult> RunAsync(KernelProcess kernel, NotebookFile notebook, RunSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();
        var executionCount = 0;
        var stopped = false;
        string? kernelProblem = null;
        foreach (var cell in notebook.Cells)
        {
            if (!cell.IsCode || stopped)
            {
                results.Add(CellResult.NotRun(cell));
                if (cell.IsCode) settings.OnCellFinished?.Invoke(results[^1]);
                continue;
            }
            var timeout = settings.CellTimeout + (executionCount == 0 ? FirstCellAllowance : TimeSpan.Zero);
            var result = await RunCellAsync(kernel, cell, ++executionCount, timeout);
            results.Add(result);
            settings.OnCellFinished?.Invoke(result);
            if (result.Status != CellStatus.TimedOut && kernel.HasExited)
                kernelProblem = $"the kernel process ended while cell {cell.Number} was running.{kernel.Said}";
            stopped = result.Status == CellStatus.TimedOut || kernel.HasExited || (result.CountsAsFailure && !settings.AllowErrors);
        }
        return new NotebookResult(notebook, results, 0, clock.Elapsed.TotalMilliseconds, kernelProblem);
    }

    private static async Task<CellResult> RunCellAsync(KernelProcess kernel, NotebookCell cell, int executionCount, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var outputs = new CellOutputCollector(cell.Number);
        var command = new SubmitCode(cell.Source, cell.KernelName);
        kernel.StrayLine += outputs.AddStray;
        CommandEnd end;
        try { (end, _) = await kernel.SendAsync(command, e => outputs.Add(e, command.GetOrCreateToken()), timeout); }
        finally { kernel.StrayLine -= outputs.AddStray; }

        switch (end)
        {
            case CommandEnd.TimedOut:
                kernel.Kill();
                outputs.AddRunnerError("Timeout", $"did not finish within {timeout.TotalSeconds:0.###} s (--cell-timeout); the kernel was stopped and the run ends here.");
                break;
            case CommandEnd.KernelExited:
                outputs.AddRunnerError("KernelExited", "the kernel process ended while this cell was running (a crash, Environment.Exit, or out of memory).");
                break;
            case CommandEnd.Failed when !kernel.KernelNames.Contains(cell.KernelName, StringComparer.OrdinalIgnoreCase):
                outputs.AddRunnerError("UnknownKernel",
                    $"this cell is for a kernel named '{cell.KernelName}', which this notebook's kernel does not have (it has: {string.Join(", ", kernel.KernelNames)}). " +
                    "Set the cell's kernel in its metadata (polyglot_notebook.kernelName), or connect that kernel in an earlier cell (#!connect).");
                break;
        }
        var shown = outputs.Outputs;
        var status = end == CommandEnd.TimedOut ? CellStatus.TimedOut
            : end == CommandEnd.Succeeded && !shown.OfType<ErrorOutput>().Any() ? CellStatus.Passed
            : CellStatus.Failed;
        return new CellResult(cell, status, clock.Elapsed.TotalMilliseconds, executionCount, shown);
    }
}
