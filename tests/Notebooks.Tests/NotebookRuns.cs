using System.Collections.Concurrent;
using NotebookRunner.Cli;
using NotebookRunner.Execution;
using NotebookRunner.Notebook;

namespace Notebooks.Tests;

/// <summary>
/// Runs notebooks through the runner, each in its own genuine kernel process, once per test process: every test
/// asking for the same notebook shares one run. Paths are relative to the repository's notebooks/ folder, e.g.
/// "01-concurrency-vs-parallelism.ipynb" or "solutions/01-concurrency-vs-parallelism.ipynb".
/// Each notebook's code runs at most twice per test process:
/// <list type="bullet">
/// <item>a lesson runs once, with each code cell run twice in a row (as a learner re-running cells would): that run
/// is green only if every cell survives being run again, and it supplies the lesson's claims and its open
/// exercises;</item>
/// <item>a solution runs once; <see cref="SolutionWithoutPython"/> runs with Python hidden from the kernel (the path
/// a machine without Python takes), and <see cref="SolutionThroughJupyter"/> is not run here at all but through
/// Jupyter's own client (<see cref="JupyterRuns"/>).</item>
/// </list>
/// </summary>
public static class NotebookRuns
{
    /// <summary>The solution run with Python hidden: proves every Python cell shows what to install and the C# goes on.</summary>
    public const string SolutionWithoutPython = "solutions/02-async-await-basics.ipynb";

    /// <summary>The solution run through Jupyter's client (nbconvert) with the tool's .net-csharp kernel and Python connected.</summary>
    public const string SolutionThroughJupyter = "solutions/05-event-loop-internals.ipynb";

    private static readonly ConcurrentDictionary<string, Lazy<NotebookRun>> Runs = new();
    private static readonly Lazy<string> Root = new(() =>
        RepositoryRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"Cannot find the repository root ({RepositoryRoot.Marker}) above {AppContext.BaseDirectory}."));

    /// <summary>
    /// Notebooks could run side by side (each has its own kernel), but the lessons measure time: a second lesson
    /// busy on the other core would only add noise to the first one's figures. One runs at a time.
    /// </summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>A cell running longer fails the run (its kernel is killed).</summary>
    public static TimeSpan CellTimeout { get; set; } = RunOptions.DefaultCellTimeout;

    /// <summary>The repository root: the folder holding ConcurrencyLab.slnx.</summary>
    public static string RepositoryRootPath => Root.Value;

    /// <summary>The notebooks/ folder.</summary>
    public static string NotebooksFolder => Path.Combine(Root.Value, "notebooks");

    /// <summary>True for a lesson (a notebook directly in notebooks/), false for a solution.</summary>
    public static bool IsLesson(string pathRelativeToNotebooksFolder) =>
        !pathRelativeToNotebooksFolder.Replace('\\', '/').Contains('/', StringComparison.Ordinal);

    /// <summary>
    /// The run of a notebook (run on first request, then cached for the test process): for a lesson, the run with each
    /// cell run twice; for a solution, its one run (see the class summary).
    /// </summary>
    public static NotebookRun Get(string pathRelativeToNotebooksFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathRelativeToNotebooksFolder);
        var key = pathRelativeToNotebooksFolder.Replace('\\', '/');
        if (key == SolutionThroughJupyter)
            throw new InvalidOperationException($"{key} runs through Jupyter's client only: use JupyterRuns.Get.");
        return Runs.GetOrAdd(key, k => new Lazy<NotebookRun>(() => Run(k), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary><see cref="Get"/>, failing the test (with every error, naming its cell) unless the run was green.</summary>
    public static NotebookRun GetGreen(string pathRelativeToNotebooksFolder)
    {
        var run = Get(pathRelativeToNotebooksFolder);
        Assert.True(run.Succeeded, run.Describe());
        return run;
    }

    /// <summary>Runs <paramref name="work"/> while no notebook runs (another client executing a lesson, say).</summary>
    public static T Exclusive<T>(Func<T> work)
    {
        OneAtATime.Wait();
        try { return work(); }
        finally { OneAtATime.Release(); }
    }

    private static NotebookRun Run(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(NotebooksFolder, relative));
        if (!File.Exists(path))
            throw new FileNotFoundException($"No notebook at {path} (asked for '{relative}' relative to {NotebooksFolder}).", path);
        var notebook = NotebookFile.Load(path);
        using var noPython = relative == SolutionWithoutPython ? new MachineWithoutPython() : null;
        var options = new RunOptions
        {
            CellTimeout = CellTimeout,
            RunEachCellTwice = IsLesson(relative),
            // Every cell runs, so a test failure lists every error at once; Succeeded still says whether any failed.
            AllowErrors = true,
            CollectVariables = true,
            FallbackToolDirectory = Root.Value,
            // The helpers' records (a speed-up curve's points, say) are data too; anything else stays a summary.
            ReadAsJson = type => KernelVariables.IsPlainData(type, "ConcurrencyLab."),
            KernelEnvironment = noPython?.KernelEnvironment,
        };
        return Exclusive(() => new NotebookRun(relative, Task.Run(() => NotebookExecutor.RunAsync(notebook, options)).GetAwaiter().GetResult()));
    }
}
