using System.Diagnostics;
using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>Each ordering rule of asyncio's _run_once, on EventLoop, with tick numbers.</summary>
public sealed class EventLoopOrderingTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static (EventLoop Loop, List<string> Log, Action<string> Note) NewLoop(bool virtualTime = true)
    {
        var loop = virtualTime ? EventLoop.Virtual() : EventLoop.RealTime();
        var log = new List<string>();
        return (loop, log, text => log.Add($"{loop.CurrentTick}:{text}"));
    }

    [Fact]
    public void Ready_callbacks_run_first_in_first_out_in_one_tick()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            foreach (var name in new[] { "a", "b", "c", "d" }) loop.CallSoon(() => note(name));
            await loop.Sleep(TimeSpan.Zero);
        });
        Assert.Equal(["2:a", "2:b", "2:c", "2:d"], log);
    }

    [Fact]
    public void A_callback_scheduled_during_a_tick_runs_in_the_next_tick()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            loop.CallSoon(() => { note("outer"); loop.CallSoon(() => note("inner")); });
            loop.CallSoon(() => note("sibling"));
            await loop.Sleep(TimeSpan.Zero);
            await loop.Sleep(TimeSpan.Zero);
        });
        Assert.Equal(["2:outer", "2:sibling", "3:inner"], log);
    }

    [Fact]
    public void Timers_fire_in_deadline_order_and_ties_in_scheduling_order()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            loop.CallLater(S(2), () => note($"x@{loop.Time.TotalSeconds}"));
            loop.CallLater(S(1), () => note($"y@{loop.Time.TotalSeconds}"));
            loop.CallLater(S(1), () => note($"z@{loop.Time.TotalSeconds}"));
            await loop.Sleep(S(3));
        });
        Assert.Equal(["2:y@1", "2:z@1", "3:x@2"], log);
    }

    [Fact]
    public void Due_timers_join_the_ready_queue_behind_what_is_already_ready()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            loop.CallSoon(() => note("soon 1"));
            loop.CallLater(TimeSpan.Zero, () => note("later 0"));
            loop.CallSoon(() => note("soon 2"));
            await loop.Sleep(TimeSpan.Zero);
            note("main");
        });
        Assert.Equal(["2:soon 1", "2:soon 2", "2:main", "2:later 0"], log);
    }

    [Fact]
    public void A_task_woken_by_a_future_is_scheduled_not_run_inside_SetResult()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            var future = loop.CreateFuture<int>();
            loop.CallSoon(() =>
            {
                future.SetResult(1);
                note("after SetResult, same callback");
            });
            note($"got {await future.Task}");
        });
        Assert.Equal(["2:after SetResult, same callback", "3:got 1"], log);
    }

    [Fact]
    public void A_task_is_done_as_soon_as_its_body_returns_and_awaiting_it_then_does_not_suspend()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            var child = loop.CreateTask(() => { note("child"); return Task.FromResult(5); });
            var waiter = loop.CreateTask(async () => note($"waiter got {await child}"));
            loop.CallSoon(() => note($"callback sees done={child.IsCompleted}"));
            await waiter;
        });
        // As in asyncio: the waiter's first step comes after the child's in tick 2, finds it done and goes on.
        Assert.Equal(["2:child", "2:waiter got 5", "2:callback sees done=True"], log);
    }

    [Fact]
    public void CreateTask_starts_the_body_on_a_later_tick_not_inline()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            var task = loop.CreateTask(async () => { note("body"); await Task.CompletedTask; });
            note("after CreateTask");
            await task;
        });
        Assert.Equal(["1:after CreateTask", "2:body"], log);
    }

    [Fact]
    public void Sleep_zero_yields_exactly_one_tick()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                note($"i={i}");
                await loop.Sleep(TimeSpan.Zero);
            }
        });
        Assert.Equal(["1:i=0", "2:i=1", "3:i=2", "4:i=3", "5:i=4"], log);
    }

    [Fact]
    public void A_timer_sleep_resumes_the_task_in_the_tick_after_the_timer_fires()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () => await loop.Sleep(S(1)));
        // tick 1: main starts; tick 2 (1 s): the sleep's timer; tick 3: main resumes and returns.
        Assert.Equal([0.0, 1.0, 1.0], loop.Ticks.Select(t => t.Time.TotalSeconds));
        Assert.StartsWith("sleep 1 s timer (main)", loop.Ticks[1].Ran.Single());
        Assert.Equal("step main", loop.Ticks[2].Ran.Single());
    }

    [Fact]
    public void Awaits_of_thread_pool_work_delays_WhenAll_and_WhenEach_come_back_to_the_loop_thread()
    {
        var loop = EventLoop.RealTime();
        var threads = new List<int>();
        int loopThread = Environment.CurrentManagedThreadId;
        int workerThread = 0;
        loop.Run(async () =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Run(() => { workerThread = Environment.CurrentManagedThreadId; Thread.Sleep(20); });
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(10);
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.WhenAll(Task.Delay(5), loop.Sleep(TimeSpan.FromMilliseconds(5)), Task.Run(() => 1));
            threads.Add(Environment.CurrentManagedThreadId);
            await foreach (var done in Task.WhenEach(Task.Delay(15), Task.Delay(5)))
                threads.Add(Environment.CurrentManagedThreadId);
        });
        Assert.NotEqual(loopThread, workerThread);
        Assert.Equal(6, threads.Count);
        Assert.All(threads, id => Assert.Equal(loopThread, id));
    }

    [SkippableFact]
    public void WhenEach_yields_in_completion_order_like_as_completed()
    {
        // Real time: Task.WhenEach hops through the thread pool internally (ConfigureAwait(false)), which a
        // virtual clock can only wait for heuristically; the order is decided by the loop's timers either way.
        var unit = TimeSpan.FromMilliseconds(40);
        var (loop, log, note) = NewLoop(virtualTime: false);
        var finishedAt = new Dictionary<string, TimeSpan>();
        var completed = new List<string>(); // on the loop's thread, in the order the tasks completed
        var wall = Stopwatch.StartNew();
        loop.Run(async () =>
        {
            Task<string> Sleeper(string name, int units) => loop.CreateTask(async () =>
            {
                await loop.Sleep(unit * units);
                finishedAt[name] = wall.Elapsed;
                completed.Add(name);
                return name;
            });
            var (slow, fast, middle) = (Sleeper("slow", 3), Sleeper("fast", 1), Sleeper("middle", 2));
            await foreach (var done in Task.WhenEach(slow, fast, middle)) note(await done);
        });
        var finished = string.Join(", ", finishedAt.OrderBy(p => p.Value).Select(p => $"{p.Key} at {p.Value.TotalMilliseconds:0} ms"));
        // A sleep is never short, however busy the machine: each task finished no earlier than its units.
        foreach (var (name, units) in new[] { ("fast", 1), ("middle", 2), ("slow", 3) })
            Assert.True(finishedAt[name] >= unit * units - TimeSpan.FromMilliseconds(2), $"{name} finished before its {units} × {unit.TotalMilliseconds:0} ms ({finished})");
        // The timers fire in deadline order even when a late wake finds them due together: fast, middle, slow.
        Assert.Equal(["fast", "middle", "slow"], completed);
        // WhenEach's continuations may hop through the pool, so two tasks completed back to back can reach it in
        // either order: its order is a claim about tasks that finished well apart, as the 40 ms steps are meant to.
        // Only a loop woken late (a busy machine) brings them together; WhenEach has no say in when they finished.
        var times = finishedAt.Values.Order().ToList();
        var closest = times.Zip(times.Skip(1), (a, b) => b - a).Min();
        Skip.If(closest < unit / 2,
            $"Not judged: the machine held the loop back, two tasks finished {closest.TotalMilliseconds:0} ms apart, not {unit.TotalMilliseconds:0} ms ({finished})");
        Assert.Equal(["fast", "middle", "slow"], log.Select(l => l[(l.IndexOf(':') + 1)..]));
    }

    [Fact]
    public void A_virtual_loop_sleeps_ten_minutes_instantly()
    {
        var loop = EventLoop.Virtual();
        var wall = Stopwatch.StartNew();
        loop.Run(async () => { for (int i = 0; i < 10; i++) await loop.Sleep(TimeSpan.FromMinutes(1)); });
        Assert.Equal(TimeSpan.FromMinutes(10), loop.Time);
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(5), $"virtual run took {wall.Elapsed}");
    }

    [Fact]
    public void A_blocking_call_stalls_a_real_time_loop_and_shows_on_the_trace()
    {
        var loop = EventLoop.RealTime();
        TimeSpan fired = default;
        loop.Run(async () =>
        {
            loop.CallLater(TimeSpan.FromMilliseconds(10), () => fired = loop.Time, "timer due at 10 ms");
            loop.CallSoon(() => Thread.Sleep(150), "Thread.Sleep(150)");
            await loop.Sleep(TimeSpan.FromMilliseconds(20));
        });
        Assert.True(fired >= TimeSpan.FromMilliseconds(150), $"the 10 ms timer fired at {fired.TotalMilliseconds} ms, before the blocking call ended");
        var blocked = loop.Trace.Spans.Single(s => s.Name == "Thread.Sleep(150)");
        Assert.Equal(LoopTrace.LoopLane, blocked.Lane);
        Assert.True(blocked.Duration >= TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void Seed_004_to_thread_runs_beside_the_async_tasks_on_a_real_time_loop()
    {
        // One "second" of the seed = 60 ms here.
        var unit = TimeSpan.FromMilliseconds(60);
        var loop = EventLoop.RealTime();
        var log = new List<string>();
        using var task1Finished = new ManualResetEventSlim();
        var threadSawTask1Finish = false;
        loop.Run(async () =>
        {
            var results = await Task.WhenAll(
                loop.CreateTask(async () => await loop.ToThread(() =>
                {
                    Thread.Sleep(unit * 2);
                    // The seed's blocking call, held on until the loop has finished task 1 (10 s at most). The loop can
                    // finish it only if the call blocks another thread, not the loop's: a busy machine only delays it.
                    threadSawTask1Finish = task1Finished.Wait(TimeSpan.FromSeconds(10));
                    return "阻塞 2 秒";
                })),
                loop.CreateTask(async () => { await loop.Sleep(unit * 1); log.Add("异步任务 1 结束"); task1Finished.Set(); return ""; }),
                loop.CreateTask(async () => { await loop.Sleep(unit * 4); log.Add("异步任务 2 结束"); return ""; }));
            log.Add(results[0]);
        });
        Assert.Equal(["异步任务 1 结束", "异步任务 2 结束", "阻塞 2 秒"], log);
        Assert.True(threadSawTask1Finish, "task 1 did not finish while the blocking call held its thread: ToThread blocked the loop");
    }

    [Fact]
    public void ToThread_holds_the_virtual_clock_until_the_thread_reports_back()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            var timer = loop.CreateTask(async () => { await loop.Sleep(S(1)); note($"timer@{loop.Time.TotalSeconds}"); });
            int value = await loop.ToThread(() => { Thread.Sleep(50); return 3; });
            note($"thread gave {value}@{loop.Time.TotalSeconds}");
            await timer;
        });
        Assert.Equal(["thread gave 3@0", "timer@1"], log.Select(l => l[(l.IndexOf(':') + 1)..]));
    }

    [Fact]
    public void Cancelled_callbacks_and_timers_do_not_run()
    {
        var (loop, log, note) = NewLoop();
        loop.Run(async () =>
        {
            var soon = loop.CallSoon(() => note("soon"));
            var later = loop.CallLater(S(1), () => note("later"));
            loop.CallLater(S(2), () => note("kept"));
            soon.Cancel();
            later.Cancel();
            Assert.True(soon.IsCancelled);
            Assert.Equal(S(1), later.When);
            await loop.Sleep(S(3));
        });
        Assert.Equal(["kept"], log.Select(l => l[(l.IndexOf(':') + 1)..]));
    }

    [Fact]
    public void Run_returns_mains_result_and_drops_pending_tasks()
    {
        var loop = EventLoop.Virtual();
        int result = loop.Run(async () =>
        {
            _ = loop.CreateTask(() => loop.Sleep(S(60)));
            await loop.Sleep(S(1));
            return 42;
        });
        Assert.Equal(42, result);
        Assert.Equal(1, loop.TasksDroppedAtStop);
        Assert.Equal(S(1), loop.Time);
    }

    [Fact]
    public void Mains_exception_comes_out_of_Run_and_callback_exceptions_are_collected()
    {
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        var error = Assert.Throws<InvalidOperationException>(() => loop.Run(async () =>
        {
            loop.CallSoon(() => throw new FormatException("bad callback"), "faulty");
            await loop.Sleep(TimeSpan.Zero);
            throw new InvalidOperationException("main failed");
        }));
        Assert.Equal("main failed", error.Message);
        Assert.IsType<FormatException>(Assert.Single(loop.Errors));
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_clear_message()
    {
        var loop = EventLoop.Virtual();
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = loop.Sleep(S(-1)); });
        Assert.Contains("negative", negative.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.CallLater(S(-1), () => { }));
        Assert.Throws<ArgumentNullException>(() => loop.CallSoon(null!));
        var nested = Assert.Throws<InvalidOperationException>(() => loop.Run(() =>
        {
            EventLoop.Virtual().Run(() => Task.CompletedTask);
            return Task.CompletedTask;
        }));
        Assert.Contains("running event loop", nested.Message);
    }

    [Fact]
    public void Callbacks_scheduled_before_Run_run_first()
    {
        var (loop, log, note) = NewLoop();
        loop.CallSoon(() => note("before run"));
        loop.Run(() => { note("main"); return Task.CompletedTask; });
        Assert.Equal(["1:before run", "1:main"], log);
    }
}
