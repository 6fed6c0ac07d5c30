using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// Measures the price of waiting with a thread versus waiting with a task: a given number of each
/// wait on one shared signal (so all are alive at the same moment), then are released and finish.
/// </summary>
public static class ThreadCost
{
    /// <summary>Starts <paramref name="count"/> threads that each block on one event, measures, releases, joins.</summary>
    public static CostMeasurement Threads(int count)
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
        return new CostMeasurement("threads", count, watch.Elapsed, ws1 - ws0, alloc1 - alloc0);
    }

    /// <summary>Starts <paramref name="count"/> async methods that each await one shared task, measures, releases, awaits all.</summary>
    public static async Task<CostMeasurement> Tasks(int count)
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
        return new CostMeasurement("tasks", count, watch.Elapsed, ws1 - ws0, alloc1 - alloc0);

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
