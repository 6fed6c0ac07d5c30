using System.Collections.Concurrent;
using NotebookRunner.Cli;
using NotebookRunner.Execution;
using NotebookRunner.Notebook;

namespace Notebooks.Tests;

/// <summary>
/// Runs notebooks through the runner, each in its own genuine kernel process, once per test process: every test
/// asking for the same notebook shares one run. Paths are relative to the repository's notebooks/ folder, e.g.
/// "01-concurrency-vs-parallelism.ipynb" or "solutions/01-concurrency-vs-parallelism.ipynb".
/// </summary>
public static class NotebookRuns
{
    private static readonly ConcurrentDictionary<(string Path, bool Twice), Lazy<NotebookRun>> Runs = new();
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

    /// <summary>The run of a notebook (run on first request, then cached for the test process).</summary>
    public static NotebookRun Get(string pathRelativeToNotebooksFolder) => GetOrRun(pathRelativeToNotebooksFolder, twice: false);

    /// <summary><see cref="Get"/>, failing the test (with every error, naming its cell) unless the run was green.</summary>
    public static NotebookRun GetGreen(string pathRelativeToNotebooksFolder)
    {
        var run = Get(pathRelativeToNotebooksFolder);
        Assert.True(run.Succeeded, run.Describe());
        return run;
    }

    /// <summary>A separate run in which every code cell is run twice in a row, as a learner re-running cells
    /// would: <see cref="NotebookRun.Succeeded"/> says whether every cell survives being run again.</summary>
    public static NotebookRun RunEachCellTwice(string pathRelativeToNotebooksFolder) => GetOrRun(pathRelativeToNotebooksFolder, twice: true);

    /// <summary>Runs <paramref name="work"/> while no notebook runs (another client executing a lesson, say).</summary>
    public static T Exclusive<T>(Func<T> work)
    {
        OneAtATime.Wait();
        try { return work(); }
        finally { OneAtATime.Release(); }
    }

    private static NotebookRun GetOrRun(string relative, bool twice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relative);
        var key = (relative.Replace('\\', '/'), twice);
        return Runs.GetOrAdd(key, k => new Lazy<NotebookRun>(() => Run(k.Path, k.Twice), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private static NotebookRun Run(string relative, bool twice)
    {
        var path = Path.GetFullPath(Path.Combine(NotebooksFolder, relative));
        if (!File.Exists(path))
            throw new FileNotFoundException($"No notebook at {path} (asked for '{relative}' relative to {NotebooksFolder}).", path);
        var notebook = NotebookFile.Load(path);
        var options = new RunOptions
        {
            CellTimeout = CellTimeout,
            RunEachCellTwice = twice,
            // Every cell runs, so a test failure lists every error at once; Succeeded still says whether any failed.
            AllowErrors = true,
            CollectVariables = true,
            FallbackToolDirectory = Root.Value,
            // The helpers' records (a speed-up curve's points, say) are data too; anything else stays a summary.
            ReadAsJson = type => KernelVariables.IsPlainData(type, "ConcurrencyLab."),
        };
        OneAtATime.Wait();
        try
        {
            var result = Task.Run(() => NotebookExecutor.RunAsync(notebook, options)).GetAwaiter().GetResult();
            return new NotebookRun(relative, result);
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
