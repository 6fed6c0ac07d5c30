using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// <see cref="EventLoop.Sleep"/> returns an awaitable: a zero sleep awaited is asyncio's bare yield and allocates
/// nothing; any sleep still converts to a Task wherever one is expected, with the same ticks as before.
/// </summary>
public sealed class EventLoopSleepTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static long BytesAllocatedBySwitches(int switches)
    {
        var loop = EventLoop.RealTime(trace: false);
        return loop.Run(async () =>
        {
            await loop.Sleep(TimeSpan.Zero); // the method's box exists from here on
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < switches; i++) await loop.Sleep(TimeSpan.Zero);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
    }

    [Fact]
    public void A_task_switch_allocates_nothing()
    {
        BytesAllocatedBySwitches(20_000); // warm up: the JIT and the ready queue's buffer
        long allocated = BytesAllocatedBySwitches(20_000);
        // A promise per switch (TaskCompletionSource + Task + continuation) would be about 3 MB here.
        Assert.True(allocated < 20_000, $"20,000 switches allocated {allocated:N0} bytes: a switch must not allocate (it would be ~150 bytes each with a promise).");
    }

    [Fact]
    public void Awaiting_the_same_zero_sleep_twice_yields_twice()
    {
        var loop = EventLoop.Virtual();
        var ticks = new List<long>();
        loop.Run(async () =>
        {
            var yieldOnce = loop.Sleep(TimeSpan.Zero);
            ticks.Add(loop.CurrentTick);
            await yieldOnce;
            ticks.Add(loop.CurrentTick);
            await yieldOnce;
            ticks.Add(loop.CurrentTick);
        });
        Assert.Equal([1L, 2, 3], ticks);
    }

    [Fact]
    public void A_sleep_converts_to_a_Task_where_one_is_expected()
    {
        var loop = EventLoop.Virtual();
        var log = new List<string>();
        loop.Run(async () =>
        {
            Task zero = loop.Sleep(TimeSpan.Zero);
            Assert.False(zero.IsCompleted);
            await zero; // completed by a callback in the next tick, which resumes main inline
            log.Add($"zero as a Task: tick {loop.CurrentTick}");
            await Task.WhenAll(loop.Sleep(S(1)), loop.Sleep(TimeSpan.Zero), loop.Sleep(S(2)));
            log.Add($"WhenAll of sleeps: {loop.Time.TotalSeconds} s");
            await loop.CreateTask(() => loop.Sleep(S(1)), "a sleep as a task body");
            log.Add($"task body: {loop.Time.TotalSeconds} s");
        });
        Assert.Equal(["zero as a Task: tick 2", "WhenAll of sleeps: 2 s", "task body: 3 s"], log);
    }

    [Fact]
    public void A_zero_sleep_awaited_on_another_thread_resumes_on_the_loop()
    {
        var loop = EventLoop.RealTime();
        int loopThread = 0, afterSleep = 0, poolThread = 0;
        loop.Run(async () =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            await Task.Run(async () =>
            {
                poolThread = Environment.CurrentManagedThreadId;
                await loop.Sleep(TimeSpan.Zero);
                afterSleep = Environment.CurrentManagedThreadId;
            });
        });
        Assert.NotEqual(loopThread, poolThread);
        Assert.Equal(loopThread, afterSleep);
    }

    [Fact]
    public void OnCompleted_runs_the_continuation_in_the_callers_execution_context()
    {
        var loop = EventLoop.Virtual();
        var flowing = new AsyncLocal<string?>();
        string? seen = "not run";
        loop.Run(async () =>
        {
            var done = loop.CreateFuture<bool>();
            flowing.Value = "set before OnCompleted";
            loop.Sleep(TimeSpan.Zero).GetAwaiter().OnCompleted(() => { seen = flowing.Value; done.SetResult(true); });
            flowing.Value = null;
            await done.Task;
        });
        Assert.Equal("set before OnCompleted", seen);
    }

    [Fact]
    public void Sleep_rejects_negative_delays_and_a_null_continuation()
    {
        var loop = EventLoop.Virtual();
        Assert.Contains("negative", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = loop.Sleep(S(-1)); }).Message);
        Assert.Throws<ArgumentNullException>(() => loop.Sleep(TimeSpan.Zero).GetAwaiter().UnsafeOnCompleted(null!));
    }
}
