using System.Diagnostics;
using NotebookRunner.Notebook;

namespace NotebookRunner.Execution;

/// <summary>
/// Runs the code cells of a notebook in order against one script state, like a kernel would, and collects
/// every cell's outputs. Only one notebook runs at a time per process: Console, the current directory and
/// the "running cell" are process-wide, exactly as in the kernel.
/// </summary>
internal static class NotebookExecutor
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<NotebookResult> RunAsync(NotebookDocument document, RunOptions options)
    {
        await OneAtATime.WaitAsync();
        var originalOut = Console.Out;
        var originalError = Console.Error;
        var originalDirectory = Directory.GetCurrentDirectory();
        var notebookPath = Path.GetFullPath(document.Path);
        var notebookDirectory = Path.GetDirectoryName(notebookPath)!;
        var total = Stopwatch.StartNew();
        var results = new List<CellResult>();
        ScriptSession? session = null;
        double warmupMs = 0;
        try
        {
            Console.SetOut(new CapturingWriter("stdout"));
            Console.SetError(new CapturingWriter("stderr"));
            // The kernel runs cells with the notebook's folder as current directory; so do we.
            Directory.SetCurrentDirectory(notebookDirectory);

            // Each notebook starts with the formatter as a fresh kernel has it (an earlier notebook in this
            // process may have registered its own formatters).
            Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
            session = new ScriptSession(notebookDirectory);
            await session.InitializeAsync();
            warmupMs = total.Elapsed.TotalMilliseconds;

            var packages = new PackageSet(options.NuGetCacheDirectory);
            var executionCount = 0;
            var stopped = false;
            foreach (var cell in document.Cells)
            {
                CellResult result;
                if (stopped)
                    result = new CellResult(cell, cell.IsCode ? CellStatus.NotRun : CellStatus.Markdown, 0, null, []);
                else if (!cell.IsCode)
                    result = new CellResult(cell, CellStatus.Markdown, 0, null, []);
                else
                    result = await RunCodeCellAsync(cell, notebookPath, session, packages, options, ++executionCount);
                if (result.Status == CellStatus.TimedOut) stopped = true;
                results.Add(result);
                if (cell.IsCode) options.OnCellFinished?.Invoke(result);
            }
        }
        finally
        {
            CellContext.Enter(null);
            Console.SetOut(originalOut);
            Console.SetError(originalError);
            try { Directory.SetCurrentDirectory(originalDirectory); } catch (IOException) { }
            OneAtATime.Release();
        }
        return new NotebookResult(document, results, warmupMs, total.Elapsed.TotalMilliseconds, session?.State);
    }

    private static async Task<CellResult> RunCodeCellAsync(
        NotebookCell cell, string notebookPath, ScriptSession session, PackageSet packages, RunOptions options, int executionCount)
    {
        var directives = CellDirectives.Parse(cell.Source);
        var otherKernel = directives.OtherKernel
                          ?? (CellDirectives.OtherKernelNames.Contains(cell.KernelName) || !IsCSharp(cell.KernelName) ? cell.KernelName : null);
        if (otherKernel is not null)
            return new CellResult(cell, CellStatus.Skipped, 0, null, [],
                $"cell {cell.Number} is for the '{otherKernel}' kernel; the runner only runs C#, so it was skipped.");

        var runs = options.RunEachCellTwice ? 2 : 1;
        var clock = Stopwatch.StartNew();
        var allOutputs = new List<CellOutput>();
        for (var run = 1; run <= runs; run++)
        {
            var context = new CellContext(cell.Number, options.MaxStreamCharsPerCell);
            using var timeout = new CancellationTokenSource(options.CellTimeout);
            CellContext.Enter(context);
            var work = RunOnOwnThread(() => CellWork.RunAsync(cell, directives, notebookPath, session, packages, context, timeout.Token));
            var finished = await Task.WhenAny(work, Task.Delay(options.CellTimeout)) == work;
            CellContext.Enter(null);
            if (!finished)
            {
                context.Add(new ErrorOutput("Timeout",
                    $"cell {cell.Number} did not finish within {options.CellTimeout.TotalSeconds:0.###} s and was abandoned; the run stops here.",
                    [$"cell {cell.Number}: timed out after {options.CellTimeout.TotalSeconds:0.###} s (--cell-timeout)."]));
                return new CellResult(cell, CellStatus.TimedOut, clock.Elapsed.TotalMilliseconds, executionCount, context.Outputs);
            }
            if (work.Exception is { } crash)
                context.Add(new ErrorOutput("RunnerError", crash.InnerException?.Message ?? crash.Message,
                    [$"cell {cell.Number}: the runner failed: {crash.InnerException ?? crash}"]));
            // With two runs, errors of the first run are kept; the other outputs shown are the last run's.
            if (run < runs) allOutputs.AddRange(context.Outputs.OfType<ErrorOutput>());
            else allOutputs.AddRange(context.Outputs);
        }
        var status = allOutputs.OfType<ErrorOutput>().Any() ? CellStatus.Failed : CellStatus.Passed;
        return new CellResult(cell, status, clock.Elapsed.TotalMilliseconds, executionCount, allOutputs);
    }

    private static bool IsCSharp(string kernelName) =>
        kernelName.Equals("csharp", StringComparison.OrdinalIgnoreCase) || kernelName.Equals("c#", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A cell starts on its own thread so that a cell that never yields (a CPU spin loop) cannot block the
    /// runner: the runner waits with a timeout and, if needed, abandons the thread.
    /// </summary>
    private static Task RunOnOwnThread(Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                work().GetAwaiter().GetResult();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        { IsBackground = true, Name = "notebook cell" };
        thread.Start();
        return done.Task;
    }
}
