using System.Diagnostics;
using ConcurrencyLab;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// The two workloads of benchmarks/asyncio/asyncio_loop_bench.py, written on EventLoop the way anyone would
/// write them: a fresh loop, 1,000,000 CallSoon callbacks waited for through a future; 1,000 tasks made with
/// CreateTask, each awaiting Sleep(Zero) 100 times, gathered with Task.WhenAll inside Run. Each is timed from
/// outside Run (loop creation and shutdown included), stricter than the Python side, which times inside main.
/// </summary>
public static class EventLoopWorkloads
{
    public const int Callbacks = 1_000_000;
    public const int Tasks = 1_000;
    public const int Yields = 100;

    /// <summary>A loop that records nothing, on the real clock: what asyncio and uvloop are (they record nothing).</summary>
    public static EventLoop Untraced() => EventLoop.RealTime(trace: false);

    /// <summary>A loop as the lessons run it: virtual clock, every callback, step and tick recorded.</summary>
    public static EventLoop TracedVirtual() => EventLoop.Virtual();

    /// <summary>Schedules <see cref="Callbacks"/> callbacks on <paramref name="loop"/> and waits for the last one.</summary>
    public static TimeSpan CallSoonMillion(EventLoop loop)
    {
        var clock = Stopwatch.StartNew();
        loop.Run(async () =>
        {
            var done = loop.CreateFuture<bool>();
            int count = 0;
            Action callback = () =>
            {
                if (++count == Callbacks) done.SetResult(true);
            };
            for (int i = 0; i < Callbacks; i++) loop.CallSoon(callback);
            await done.Task;
        });
        return clock.Elapsed;
    }

    /// <summary><see cref="Tasks"/> tasks made with CreateTask, each awaiting Sleep(Zero) <see cref="Yields"/> times, under one Task.WhenAll.</summary>
    public static TimeSpan TaskSwitches(EventLoop loop)
    {
        var clock = Stopwatch.StartNew();
        loop.Run(async () =>
        {
            var players = new List<Task>(Tasks);
            for (int k = 0; k < Tasks; k++)
                players.Add(loop.CreateTask(async () =>
                {
                    for (int i = 0; i < Yields; i++) await loop.Sleep(TimeSpan.Zero);
                }));
            await Task.WhenAll(players);
        });
        return clock.Elapsed;
    }
}
