using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// The price of waiting with a thread versus waiting with a task, measured: <see cref="Threads"/> starts a given
/// number of threads that block, <see cref="Tasks"/> as many async methods that await; each waits on one shared
/// signal (so all are alive at the same moment), then all are released and finish.
/// </summary>
/// <param name="What">"threads" or "tasks".</param>
/// <param name="Count">How many were started.</param>
/// <param name="Elapsed">From the first start until every one had finished.</param>
/// <param name="WorkingSetBytes">Growth of the process's working set (resident memory, native and managed)
/// between before the first start and the moment all of them were alive and waiting.</param>
/// <param name="ManagedBytes">Bytes allocated on the managed heap meanwhile (GC.GetTotalAllocatedBytes).</param>
public sealed record ThreadCost(string What, int Count, TimeSpan Elapsed, long WorkingSetBytes, long ManagedBytes)
{
    /// <summary>The larger of the two memory readings, per item: a thread's cost is mostly native (its
    /// stack), a task's is all managed (a small object on the heap), so each shows in a different reading.</summary>
    public double BytesPerItem => Math.Max(WorkingSetBytes, ManagedBytes) / (double)Count;

    /// <summary>Microseconds per item, start to finish.</summary>
    public double MicrosecondsPerItem => Elapsed.TotalMicroseconds / Count;

    /// <summary>Starts <paramref name="count"/> threads that each block on one event, measures, releases, joins.</summary>
    public static ThreadCost Threads(int count)
    {
        RequireCount(count);
        var (ws0, alloc0) = Settle();
        using var release = new ManualResetEvent(false); // a kernel wait: blocked threads do not spin
        using var allAlive = new CountdownEvent(count);
        var threads = new Thread[count];
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            threads[i] = new Thread(() => { allAlive.Signal(); release.WaitOne(); }) { IsBackground = true };
            threads[i].Start();
        }
        allAlive.Wait();
        var (ws1, alloc1) = Read();
        release.Set();
        foreach (var t in threads) t.Join();
        return new ThreadCost("threads", count, watch.Elapsed, ws1 - ws0, alloc1 - alloc0);
    }

    /// <summary>Starts <paramref name="count"/> async methods that each await one shared task, measures, releases, awaits all.</summary>
    public static async Task<ThreadCost> Tasks(int count)
    {
        RequireCount(count);
        var (ws0, alloc0) = Settle();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Task[count];
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) tasks[i] = WaitFor(release.Task);
        var (ws1, alloc1) = Read(); // every task is alive here: each is suspended at its await
        release.SetResult();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return new ThreadCost("tasks", count, watch.Elapsed, ws1 - ws0, alloc1 - alloc0);

        static async Task WaitFor(Task signal) => await signal.ConfigureAwait(false);
    }

    private static void RequireCount(int count)
    {
        if (count < 1 || count > 100_000)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Measure between 1 and 100,000 waiters (10,000 is plenty to see the difference).");
    }

    // Collect first so garbage from earlier cells is not counted in (or out of) the working set.
    private static (long WorkingSet, long Allocated) Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Read();
    }

    private static (long WorkingSet, long Allocated) Read()
    {
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, GC.GetTotalAllocatedBytes(precise: true));
    }
}
