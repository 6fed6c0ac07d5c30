using System.Diagnostics;
using NotebookRunner.Execution;
using NotebookRunner.Ipynb;
using NotebookRunner.Kernel;

namespace NotebookRunner.Testing;

/// <summary>How the tests run a notebook: the runner's settings, and what only tests ask of a run.</summary>
internal sealed record TestRunOptions
{
    /// <summary>The repository root: where the tool manifest is when a notebook's folder does not see one.</summary>
    public required string RepoRoot { get; init; }

    public TimeSpan CellTimeout { get; init; } = RunSettings.DefaultCellTimeout;

    /// <summary>Every cell runs, so a failing test lists every error at once; <see cref="TestRun.Succeeded"/> still
    /// says whether any failed.</summary>
    public bool AllowErrors { get; init; } = true;

    /// <summary>Runs every code cell twice in a row (a learner re-running cells): the cell failed if either run
    /// failed; its outputs are the first run's errors, then everything the second run showed.</summary>
    public bool RunEachCellTwice { get; init; }

    /// <summary>Which of the C# kernel's variables are read as JSON after the last cell (by the kernel's type name).</summary>
    public Func<string, bool> ReadAsJson { get; init; } = type => KernelVariables.IsPlainData(type);

    /// <summary>Environment variables for the kernel process (null removes one), e.g. to hide Python from it.</summary>
    public IReadOnlyDictionary<string, string?> KernelEnvironment { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// A notebook run for tests, composed of the runner's own parts as the runner composes them (a session's kernel,
/// <see cref="NotebookExecutor"/>), plus what only tests need: the C# kernel's variables, read after the last cell
/// before the kernel is stopped, and every process that was in the kernel's tree when it was stopped.
/// </summary>
internal sealed record TestRun(NotebookResult Result, IReadOnlyDictionary<string, KernelVariable> Variables, IReadOnlyList<int> KernelProcessIds)
{
    public IReadOnlyList<CellResult> Cells => Result.Cells;
    public IEnumerable<CellResult> FailedCells => Result.FailedCells;
    public bool Succeeded => Result.Succeeded;
    public bool TimedOut => Result.TimedOut;

    public CellResult Cell(int number) => Result.Cells.Single(c => c.Number == number);

    /// <summary>The kernel problem, then every error line (each naming its cell).</summary>
    public string Describe() => (Result.KernelProblem ?? "") + string.Join("\n", Result.Cells.SelectMany(c => c.ErrorLines));

    public static TestRun Run(string path, TestRunOptions options) =>
        Task.Run(() => RunAsync(NotebookFile.Load(path), options)).GetAwaiter().GetResult();

    public static async Task<TestRun> RunAsync(NotebookFile notebook, TestRunOptions options)
    {
        var clock = Stopwatch.StartNew();
        await using var session = new RunSession(TextWriter.Null);
        KernelProcess kernel;
        try
        {
            var tool = KernelTool.Find(notebook.Directory, options.RepoRoot);
            var info = tool.StartInfo(notebook.Directory, notebook.DefaultKernelName);
            foreach (var (name, value) in options.KernelEnvironment)
                if (value is null) info.Environment.Remove(name);
                else info.Environment[name] = value;
            kernel = await session.StartKernelAsync(tool, info);
        }
        catch (KernelStartException e) { return new TestRun(NotebookResult.NotStarted(notebook, clock.Elapsed.TotalMilliseconds, e), new Dictionary<string, KernelVariable>(), []); }
        var startupMs = clock.Elapsed.TotalMilliseconds;

        var cells = options.RunEachCellTwice ? notebook with { Cells = [.. notebook.Cells.SelectMany(c => c.IsCode ? [c, c] : new[] { c })] } : notebook;
        var result = await NotebookExecutor.RunAsync(kernel, cells, new RunSettings(options.CellTimeout, options.AllowErrors));
        var variables = kernel.HasExited || result.TimedOut
            ? new Dictionary<string, KernelVariable>()
            : await KernelVariables.ReadAsync(kernel, options.CellTimeout, options.ReadAsJson);
        await session.StopKernelAsync(kernel);
        result = options.RunEachCellTwice ? result with { Notebook = notebook, Cells = EachCellOnce(result.Cells) } : result;
        return new TestRun(result with { StartupMs = startupMs, TotalMs = clock.Elapsed.TotalMilliseconds }, variables, kernel.KilledTree);
    }

    /// <summary>The results of a run of each code cell twice, one per cell: see <see cref="TestRunOptions.RunEachCellTwice"/>.</summary>
    private static List<CellResult> EachCellOnce(IReadOnlyList<CellResult> twice)
    {
        var cells = new List<CellResult>();
        for (var i = 0; i < twice.Count; i++)
        {
            var (first, again) = (twice[i], twice[i].Cell.IsCode ? twice[++i] : null);
            cells.Add(again is null || again.Status == CellStatus.NotRun ? first : again with
            {
                Status = again.Status == CellStatus.Passed && first.Status == CellStatus.Failed ? CellStatus.Failed : again.Status,
                ElapsedMs = first.ElapsedMs + again.ElapsedMs,
                ExecutionCount = first.ExecutionCount,
                Outputs = [.. first.Outputs.OfType<ErrorOutput>(), .. again.Outputs],
            });
        }
        // The kernel counted each run; a cell's number is its place among the cells that ran.
        var count = 0;
        return [.. cells.Select(c => c.ExecutionCount is null ? c : c with { ExecutionCount = ++count })];
    }
}
