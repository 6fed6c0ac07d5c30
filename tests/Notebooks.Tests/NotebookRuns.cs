using System.Collections.Concurrent;
using ConcurrencyLab.Tools;
using NotebookRunner.Cli;
using NotebookRunner.Execution;
using NotebookRunner.Testing;

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
/// <item>a solution runs once, in the runner with Python connected; <see cref="SolutionThroughJupyter"/> runs instead
/// through Jupyter's own client (<see cref="JupyterRuns"/>), with Python connected, and <see cref="SolutionWithoutPython"/>
/// (the same solution) also runs in the runner with Python hidden from the kernel, the path a machine without Python
/// takes.</item>
/// </list>
/// All of them are started together the first time any is asked for (<see cref="NotebookSchedule"/>): those that need
/// the machine to themselves (<see cref="NeedTheWholeMachine"/>) one after another, then the others two at a time.
/// </summary>
public static class NotebookRuns
{
    /// <summary>The solution run through Jupyter's client (nbconvert) with the tool's .net-csharp kernel and Python connected.</summary>
    public const string SolutionThroughJupyter = "solutions/05-event-loop-internals.ipynb";

    /// <summary>The solution also run in the runner with Python hidden: proves every Python cell shows what to install
    /// and the C# goes on (lesson 05's players included). The same notebook as <see cref="SolutionThroughJupyter"/>, so it
    /// runs once each way.</summary>
    public const string SolutionWithoutPython = SolutionThroughJupyter;

    /// <summary>The lesson whose claims are judged on how much of each core its workers got.</summary>
    public const string MeasuresTheCores = "01-concurrency-vs-parallelism.ipynb";

    /// <summary>The runs that need the machine to themselves: each runs alone, before the others.</summary>
    public static readonly IReadOnlyList<string> NeedTheWholeMachine = [MeasuresTheCores];

    private static readonly ConcurrentDictionary<string, Lazy<NotebookRun>> UnscheduledRuns = new();
    private static readonly Lazy<NotebookSchedule> Schedule = new(StartSchedule, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Root = new(() =>
        RepositoryRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"Cannot find the repository root ({RepositoryRoot.Marker}) above {AppContext.BaseDirectory}."));

    /// <summary>A cell running longer fails the run (its kernel is killed).</summary>
    public static TimeSpan CellTimeout { get; set; } = RunSettings.DefaultCellTimeout;

    /// <summary>The repository root: the folder holding ConcurrencyLab.slnx.</summary>
    public static string RepositoryRootPath => Root.Value;

    /// <summary>The notebooks/ folder.</summary>
    public static string NotebooksFolder => Path.Combine(Root.Value, "notebooks");

    /// <summary>True for a lesson (a notebook directly in notebooks/), false for a solution.</summary>
    public static bool IsLesson(string pathRelativeToNotebooksFolder) =>
        !pathRelativeToNotebooksFolder.Replace('\\', '/').Contains('/', StringComparison.Ordinal);

    /// <summary>
    /// The runner's run of a notebook (see the class summary): for a lesson, the run with each cell run twice; for a
    /// solution, its one run (for <see cref="SolutionWithoutPython"/>, the one with Python hidden). A notebook outside
    /// notebooks/ and notebooks/solutions/ runs when asked for.
    /// </summary>
    public static NotebookRun Get(string pathRelativeToNotebooksFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathRelativeToNotebooksFolder);
        var key = pathRelativeToNotebooksFolder.Replace('\\', '/');
        return Schedule.Value.Has(key)
            ? Schedule.Value.Result<NotebookRun>(key)
            : UnscheduledRuns.GetOrAdd(key, k => new Lazy<NotebookRun>(() => RunOne(k), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary><see cref="Get"/>, failing the test (with every error, naming its cell) unless the run was green.</summary>
    public static NotebookRun GetGreen(string pathRelativeToNotebooksFolder)
    {
        var run = Get(pathRelativeToNotebooksFolder);
        Assert.True(run.Succeeded, run.Describe());
        return run;
    }

    /// <summary>The result of a scheduled run that is not a notebook of notebooks/ (Jupyter's, a connect that never
    /// answers): waits for it.</summary>
    internal static T Scheduled<T>(string name) => Schedule.Value.Result<T>(name);

    /// <summary>For a developer working on one lesson: when set, the schedule holds only the notebooks whose path
    /// contains it (and no waiting jobs), e.g. <c>NOTEBOOK_TESTS_ONLY=09- dotnet test tests/Notebooks.Tests --filter
    /// Lesson09</c>. Anything else a test asks for still runs, on demand. CI never sets it.</summary>
    public const string OnlyVariable = "NOTEBOOK_TESTS_ONLY";

    private static NotebookSchedule StartSchedule()
    {
        var only = Environment.GetEnvironmentVariable(OnlyVariable);
        bool Wanted(string notebook) => string.IsNullOrEmpty(only) || notebook.Contains(only, StringComparison.Ordinal);
        var lessons = Notebooks(NotebooksFolder, "").Where(Wanted).ToArray();
        var solutions = Notebooks(Path.Combine(NotebooksFolder, "solutions"), "solutions/").Where(Wanted).ToArray();
        NotebookSchedule.Job RunnerJob(string notebook) => new(notebook, () => RunOne(notebook));
        var all = lessons.Concat(solutions).ToHashSet();
        var alone = NeedTheWholeMachine.Where(all.Contains).Select(RunnerJob).ToList();
        // Longest first, so the last two end together: the solution of the lesson that measures the cores (its
        // measurements take as long as that lesson's, once), then the lessons (each cell runs twice), then the other
        // solutions; among equals the larger file first.
        var coresSolution = "solutions/" + MeasuresTheCores;
        var busy = solutions.Where(s => s == coresSolution)
            .Concat(lessons)
            .Concat(solutions.Where(s => s != coresSolution))
            .Where(n => !NeedTheWholeMachine.Contains(n))
            .SelectMany(n => n == SolutionThroughJupyter ? [JupyterRuns.Job(n), RunnerJob(n)] : new[] { RunnerJob(n) })
            .Concat(Wanted(AnAsyncioProgramNoLessonMentions.Notebook) ? [RunnerJob(AnAsyncioProgramNoLessonMentions.Notebook)] : [])
            .ToList();
        NotebookSchedule.Job[] waiting = string.IsNullOrEmpty(only) ? [AConnectThatNeverAnswers.Job(), LessonGalleryRendersOffline.Job()] : [];
        return NotebookSchedule.Start(alone, busy, waiting);
    }

    /// <summary>The notebooks of a folder, relative to notebooks/, the largest file first.</summary>
    private static string[] Notebooks(string folder, string prefix) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.ipynb").OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal)
                .Select(f => prefix + Path.GetFileName(f))]
            : [];

    /// <summary>Runs a notebook in its own kernel; the schedule decides what runs beside it.</summary>
    private static NotebookRun RunOne(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(NotebooksFolder, relative));
        if (!File.Exists(path))
            throw new FileNotFoundException($"No notebook at {path} (asked for '{relative}' relative to {NotebooksFolder}).", path);
        using var noPython = relative == SolutionWithoutPython ? new MachineWithoutPython() : null;
        var options = new TestRunOptions
        {
            RepoRoot = Root.Value,
            CellTimeout = CellTimeout,
            RunEachCellTwice = IsLesson(relative),
            // The helpers' records (a speed-up curve's points, say) are data too; anything else stays a summary.
            ReadAsJson = type => KernelVariables.IsPlainData(type, "ConcurrencyLab."),
            KernelEnvironment = noPython?.KernelEnvironment ?? new Dictionary<string, string?>(),
        };
        return new NotebookRun(relative, TestRun.Run(path, options));
    }
}
