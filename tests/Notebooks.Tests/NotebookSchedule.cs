using System.Collections.Concurrent;

namespace Notebooks.Tests;

/// <summary>
/// Every run the notebook tests need, started together the first time a test asks for any of them, so the tests
/// wait for results rather than for one run after another:
/// <list type="number">
/// <item>the runs that need the machine to themselves (<see cref="NotebookRuns.NeedTheWholeMachine"/>) go first, one
/// after another;</item>
/// <item>then every other run, <see cref="AtOnce"/> at a time, longest first: their claims are ratios, counts and
/// orders judged within one run, which hold beside two CPU hogs (CI proves that), so a second notebook on the other
/// core cannot break them;</item>
/// <item>beside those, on a thread of their own, jobs that mostly wait: a connect that never answers, then the lessons'
/// gallery in chromium, which waits for the lessons' runs and loads while the solutions still run.</item>
/// </list>
/// A job's failure stays in its task and reaches the tests that ask for that result.
/// </summary>
internal sealed class NotebookSchedule
{
    /// <summary>How many busy runs share the machine at once (each notebook has its own kernel).</summary>
    public const int AtOnce = 2;

    /// <summary>A run: its name (a notebook's path relative to notebooks/, or a name of its own) and its work.</summary>
    public sealed record Job(string Name, Func<object> Work);

    private readonly ConcurrentDictionary<string, Task<object>> _results = new();

    private NotebookSchedule() { }

    /// <summary>Starts <paramref name="alone"/> one after another, then <paramref name="busy"/> (in the given order) and
    /// <paramref name="waiting"/>, each job on a thread of its own kind; returns at once.</summary>
    public static NotebookSchedule Start(IReadOnlyList<Job> alone, IReadOnlyList<Job> busy, IReadOnlyList<Job> waiting)
    {
        var schedule = new NotebookSchedule();
        var sources = alone.Concat(busy).Concat(waiting)
            .ToDictionary(j => j.Name, j => new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));
        foreach (var (name, source) in sources) schedule._results[name] = source.Task;

        void RunJob(Job job)
        {
            try { sources[job.Name].SetResult(job.Work()); }
            catch (Exception e) { sources[job.Name].SetException(e); }
        }
        void RunAll(ConcurrentQueue<Job> queue)
        {
            while (queue.TryDequeue(out var job)) RunJob(job);
        }

        var coordinator = new Thread(() =>
        {
            foreach (var job in alone) RunJob(job);
            var queue = new ConcurrentQueue<Job>(busy);
            var waitingQueue = new ConcurrentQueue<Job>(waiting);
            // Threads of their own, not the pool's: each blocks on its kernel while the pool reads the kernels' output.
            var threads = Enumerable.Range(0, AtOnce).Select(_ => new Thread(() => RunAll(queue)) { IsBackground = true })
                .Append(new Thread(() => RunAll(waitingQueue)) { IsBackground = true })
                .ToList();
            threads.ForEach(t => t.Start());
        }) { IsBackground = true, Name = "notebook schedule" };
        coordinator.Start();
        return schedule;
    }

    /// <summary>True if a job of that name was scheduled.</summary>
    public bool Has(string name) => _results.ContainsKey(name);

    /// <summary>Waits for the job of that name and returns its result (or throws what the job threw).</summary>
    public T Result<T>(string name) =>
        _results.TryGetValue(name, out var task)
            ? (T)task.GetAwaiter().GetResult()
            : throw new KeyNotFoundException($"No run named '{name}' was scheduled.");
}
