using System.Diagnostics;
using ConcurrencyLab;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// The two workloads of the shared asyncio benchmark (../shared/bench/asyncio_loop_bench.py), written on
/// EventLoop: 1,000,000 CallSoon callbacks, and 1,000 tasks each yielding 100 times with Sleep(0), gathered.
/// A real-time loop without tracing, like asyncio's (which records nothing).
/// </summary>
public static class EventLoopWorkloads
{
    public const int Callbacks = 1_000_000;
    public const int Tasks = 1_000;
    public const int Yields = 100;

    /// <summary>Schedules <see cref="Callbacks"/> callbacks and waits for the last one; returns the time taken.</summary>
    public static TimeSpan CallSoonMillion()
    {
        var loop = EventLoop.RealTime(trace: false);
        return loop.Run(async () =>
        {
            var done = loop.CreateFuture<bool>();
            int count = 0;
            Action callback = () =>
            {
                if (++count == Callbacks) done.SetResult(true);
            };
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Callbacks; i++) loop.CallSoon(callback);
            await done.Task;
            return clock.Elapsed;
        });
    }

    /// <summary><see cref="Tasks"/> tasks each awaiting Sleep(0) <see cref="Yields"/> times, under one WhenAll (gather).</summary>
    public static TimeSpan TaskSwitches()
    {
        var loop = EventLoop.RealTime(trace: false);
        return loop.Run(async () =>
        {
            async Task Player()
            {
                for (int i = 0; i < Yields; i++) await loop.Sleep(TimeSpan.Zero);
            }
            var clock = Stopwatch.StartNew();
            var players = new Task[Tasks];
            for (int k = 0; k < Tasks; k++) players[k] = loop.CreateTask(Player);
            await Task.WhenAll(players);
            return clock.Elapsed;
        });
    }
}
