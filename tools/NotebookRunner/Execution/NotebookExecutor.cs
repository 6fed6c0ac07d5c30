using System.Diagnostics;
using Microsoft.DotNet.Interactive.Commands;
using NotebookRunner.Kernel;
using NotebookRunner.Notebook;

namespace NotebookRunner.Execution;

/// <summary>
/// Runs a notebook in its own kernel process, cell by cell, as the editor's Run All does: each code cell is one
/// SubmitCode to the kernel the cell names, and its events become the cell's outputs. The kernel is killed (with
/// everything it started) when the notebook is done, so notebooks never share state.
/// </summary>
internal static class NotebookExecutor
{
    /// <summary>Starts the kernel a notebook will run in (start it early to hide the kernel's start-up).</summary>
    public static Task<KernelProcess> StartKernelAsync(NotebookFile notebook, RunOptions options) =>
        KernelLauncher.StartAsync(new KernelStartOptions(notebook.Directory, notebook.DefaultKernelName)
        {
            StartupTimeout = options.StartupTimeout,
            FallbackToolDirectory = options.FallbackToolDirectory,
            Environment = options.KernelEnvironment,
        });

    public static async Task<NotebookResult> RunAsync(NotebookFile notebook, RunOptions options, Task<KernelProcess>? startedKernel = null)
    {
        var total = Stopwatch.StartNew();
        KernelProcess kernel;
        try
        {
            kernel = await (startedKernel ?? StartKernelAsync(notebook, options));
        }
        catch (KernelStartException e)
        {
            var notRun = notebook.Cells.Select(c => new CellResult(c, c.IsCode ? CellStatus.NotRun : CellStatus.Markdown, 0, null, [])).ToList();
            return new NotebookResult(notebook, notRun, total.Elapsed.TotalMilliseconds, total.Elapsed.TotalMilliseconds,
                new Dictionary<string, KernelVariable>(), $"the kernel could not be started: {e.Message}");
        }

        await using (kernel)
        {
            var startupMs = total.Elapsed.TotalMilliseconds;
            var results = new List<CellResult>();
            var executionCount = 0;
            string? stoppedBecause = null;
            string? kernelProblem = null;
            foreach (var cell in notebook.Cells)
            {
                if (!cell.IsCode)
                {
                    results.Add(new CellResult(cell, CellStatus.Markdown, 0, null, []));
                    continue;
                }
                if (stoppedBecause is not null)
                {
                    var skipped = new CellResult(cell, CellStatus.NotRun, 0, null, []);
                    results.Add(skipped);
                    options.OnCellFinished?.Invoke(skipped);
                    continue;
                }
                var timeout = options.CellTimeout + (executionCount == 0 ? options.FirstCellAllowance : TimeSpan.Zero);
                var result = await RunCellAsync(kernel, cell, ++executionCount, timeout, options);
                results.Add(result);
                options.OnCellFinished?.Invoke(result);
                if (result.Status == CellStatus.TimedOut) stoppedBecause = "timeout";
                else if (kernel.HasExited)
                {
                    stoppedBecause = kernelProblem = $"the kernel process ended while cell {cell.Number} was running.{(kernel.Diagnostics.Length > 0 ? " It said: " + kernel.Diagnostics : "")}";
                }
                else if (result.CountsAsFailure && !options.AllowErrors) stoppedBecause = "error";
            }

            var variables = options.CollectVariables && !kernel.HasExited && stoppedBecause is not "timeout"
                ? await KernelVariables.ReadAsync(kernel, options.CellTimeout, options.ReadAsJson)
                : new Dictionary<string, KernelVariable>();
            kernel.Kill();
            return new NotebookResult(notebook, results, startupMs, total.Elapsed.TotalMilliseconds, variables, kernelProblem)
            {
                KernelProcessIds = kernel.KilledTree,
            };
        }
    }

    private static async Task<CellResult> RunCellAsync(KernelProcess kernel, NotebookCell cell, int executionCount, TimeSpan timeout, RunOptions options)
    {
        var clock = Stopwatch.StartNew();
        var runs = options.RunEachCellTwice ? 2 : 1;
        var kept = new List<CellOutput>();
        var failed = false;
        for (var run = 1; run <= runs; run++)
        {
            var outputs = new CellOutputCollector(cell.Number, options.MaxStreamCharsPerCell);
            var command = new SubmitCode(cell.Source, cell.KernelName);
            void OnStray(string line) => outputs.AddStray(line);
            kernel.StrayLine += OnStray;
            (CommandEnd End, Microsoft.DotNet.Interactive.Events.KernelEvent? Completion) outcome;
            try
            {
                outcome = await kernel.SendAsync(command, e => outputs.Add(e, command.GetOrCreateToken()), timeout);
            }
            finally
            {
                kernel.StrayLine -= OnStray;
            }

            switch (outcome.End)
            {
                case CommandEnd.TimedOut:
                    // A cell that never yields keeps the kernel busy even after Cancel: only ending the process stops it.
                    kernel.Kill();
                    outputs.AddRunnerError("Timeout",
                        $"did not finish within {timeout.TotalSeconds:0.###} s (--cell-timeout); the kernel was stopped and the run ends here.");
                    return new CellResult(cell, CellStatus.TimedOut, clock.Elapsed.TotalMilliseconds, executionCount, [.. kept, .. outputs.Outputs]);
                case CommandEnd.KernelExited:
                    outputs.AddRunnerError("KernelExited", "the kernel process ended while this cell was running (a crash, Environment.Exit, or out of memory).");
                    return new CellResult(cell, CellStatus.Failed, clock.Elapsed.TotalMilliseconds, executionCount, [.. kept, .. outputs.Outputs]);
            }
            failed |= outcome.End == CommandEnd.Failed;
            if (outcome.End == CommandEnd.Failed && !kernel.KernelNames.Contains(cell.KernelName, StringComparer.OrdinalIgnoreCase))
                outputs.AddRunnerError("UnknownKernel",
                    $"this cell is for a kernel named '{cell.KernelName}', which this notebook's kernel does not have (it has: {string.Join(", ", kernel.KernelNames)}). " +
                    "Set the cell's kernel in its metadata (polyglot_notebook.kernelName), or connect that kernel in an earlier cell (#!connect).");
            // With two runs, errors of the first run are kept; the other outputs shown are the last run's.
            if (run < runs) kept.AddRange(outputs.Outputs.OfType<ErrorOutput>());
            else kept.AddRange(outputs.Outputs);
        }
        var status = failed || kept.OfType<ErrorOutput>().Any() ? CellStatus.Failed : CellStatus.Passed;
        return new CellResult(cell, status, clock.Elapsed.TotalMilliseconds, executionCount, kept);
    }
}
