namespace ConcurrencyLab.Tests;

/// <summary>
/// A virtual loop moves its clock only when it knows nothing outside can still add work before the next timer. Work
/// it hands off (ToThread) is waited for exactly. Work it cannot see (Task.Run, the thread-pool hop inside
/// Task.WhenEach, Task.Delay) runs when it arrives, and the tick log says so under the tick that ran it: never a
/// silent reorder.
/// </summary>
public sealed class EventLoopUntimedWorkTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void What_ToThread_work_posts_is_part_of_the_hand_off_timed_and_not_marked()
    {
        var loop = EventLoop.Virtual();
        var log = new List<string>();
        loop.Run(async () =>
        {
            var sleeper = loop.CreateTask(async () => { await loop.Sleep(S(1)); log.Add($"timer at {loop.Time.TotalSeconds} s"); });
            await loop.ToThread(() =>
            {
                loop.CallSoon(() => log.Add($"posted from the worker at {loop.Time.TotalSeconds} s"), "from the worker");
                Thread.Sleep(50); // real time that the virtual clock does not count
            });
            log.Add($"to_thread back at {loop.Time.TotalSeconds} s");
            await sleeper;
        });
        Assert.Equal(["posted from the worker at 0 s", "to_thread back at 0 s", "timer at 1 s"], log);
        Assert.Equal(0, loop.UntimedArrivals);
        Assert.Null(loop.Ticks.SelectMany(t => t.Queue).Single(c => c.Label == "from the worker").Note);
        Assert.DoesNotContain("note:", loop.TickTable());
    }

    [Fact]
    public void A_continuation_from_Task_Run_is_marked_in_the_tick_log()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () =>
        {
            // The pool item waits for a callback of tick 2, so main has surely suspended on it in tick 1.
            using var gate = new ManualResetEventSlim();
            loop.CallSoon(gate.Set, "open the gate");
            await Task.Run(gate.Wait); // queued where the loop cannot see it
            loop.Print("back");
        });
        var back = loop.Ticks.Single(t => t.Queue.Any(c => c.Printed.Contains("back")));
        var callback = back.Queue.Single(c => c.Printed.Contains("back"));
        Assert.Equal(QueueOrigin.OtherThread, callback.Origin);
        Assert.Contains("Task.Run", callback.Note);
        Assert.Contains("loop.ToThread", callback.Note);
        Assert.Equal(1, loop.UntimedArrivals);
        Assert.Contains($"note: step main {callback.Note}", loop.TickTable());
        Assert.Contains("not timed", loop.ToPlayer().ToText());
    }

    [Fact]
    public void A_CallSoon_from_a_thread_the_loop_did_not_start_is_marked_and_counted_without_tracing_too()
    {
        foreach (var trace in new[] { true, false })
        {
            var loop = EventLoop.Virtual(trace);
            loop.Run(async () =>
            {
                var posted = loop.CreateFuture<bool>();
                var thread = new Thread(() => loop.CallSoon(() => posted.SetResult(true), "from a thread of its own"));
                thread.Start();
                thread.Join();
                await posted.Task;
            });
            Assert.Equal(1, loop.UntimedArrivals);
            if (trace) Assert.NotNull(loop.Ticks.SelectMany(t => t.Queue).Single(c => c.Label == "from a thread of its own").Note);
        }
    }

    [Fact]
    public void Callbacks_scheduled_from_another_thread_before_Run_are_not_marked()
    {
        var loop = EventLoop.Virtual();
        var thread = new Thread(() => loop.CallSoon(() => { }, "before Run"));
        thread.Start();
        thread.Join();
        loop.Run(() => loop.Sleep(TimeSpan.Zero).AsTask());
        Assert.Equal(0, loop.UntimedArrivals);
        Assert.Null(loop.Ticks[0].Queue.Single(c => c.Label == "before Run").Note);
    }

    [Fact]
    public void A_real_time_loop_marks_nothing_work_from_other_threads_is_how_it_keeps_time()
    {
        var loop = EventLoop.RealTime();
        loop.Run(async () => await Task.Run(() => 1));
        Assert.Equal(0, loop.UntimedArrivals);
        Assert.All(loop.Ticks.SelectMany(t => t.Queue), c => Assert.Null(c.Note));
    }
}
