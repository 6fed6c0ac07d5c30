using System.Diagnostics;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>What a lesson that measures the thread pool sees: its minimum, and how many blocking work items start at once.</summary>
internal readonly record struct PoolState(int MinWorkers, int StartingAtOnce)
{
    public override string ToString() => $"min {MinWorkers}, {StartingAtOnce} starting at once";
}

/// <summary>
/// Reads <see cref="PoolState"/>. <c>offered</c> work items are queued together, each counting itself in and then
/// blocking until released; the count is read once none has started for <see cref="QuietMilliseconds"/>. The pool
/// starts up to its thread goal at once and adds more only by its starvation rule, after about half a second without
/// progress, so the threads that start within the quiet window are those it runs at once. The watching runs on a
/// thread of its own, so the test's thread holds no pool thread meanwhile.
/// </summary>
internal static class PoolProbe
{
    public const int QuietMilliseconds = 200;

    public static Task<PoolState> ReadAsync(int offered)
    {
        var done = new TaskCompletionSource<PoolState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new Thread(() =>
        {
            try
            {
                ThreadPool.GetMinThreads(out var minWorkers, out _);
                done.SetResult(new PoolState(minWorkers, CountStartingAtOnce(offered)));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "pool probe" };
        watcher.Start();
        return done.Task;
    }

    private static int CountStartingAtOnce(int offered)
    {
        var started = 0;
        var release = new ManualResetEventSlim();
        var finished = new CountdownEvent(offered);
        for (var i = 0; i < offered; i++)
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                Interlocked.Increment(ref started);
                release.Wait();
                finished.Signal();
            }, null);
        var seen = -1;
        var quiet = Stopwatch.StartNew();
        while (seen < offered && quiet.ElapsedMilliseconds < QuietMilliseconds)
        {
            var now = Volatile.Read(ref started);
            if (now != seen)
            {
                seen = now;
                quiet.Restart();
            }
            Thread.Sleep(2);
        }
        release.Set();
        if (!finished.Wait(TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"{finished.CurrentCount} of {offered} probe items had not run a minute after their release");
        return seen;
    }
}
