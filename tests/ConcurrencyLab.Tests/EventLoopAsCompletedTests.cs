namespace ConcurrencyLab.Tests;

/// <summary>
/// loop.AsCompleted: asyncio's as_completed on the loop. Tasks come out in completion order; each finished task
/// passes through an "as_completed done-callback" in the next tick, and the consumer resumes in the tick after, all
/// on the loop's thread (TickParityTests compares the whole tick table with CPython's).
/// </summary>
public sealed class EventLoopAsCompletedTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static Task<string> Sleeper(EventLoop loop, string name, double seconds) =>
        loop.CreateTask(async () =>
        {
            await loop.Sleep(S(seconds));
            return name;
        }, name);

    [Fact]
    public void Tasks_come_out_in_completion_order_through_a_done_callback_one_tick_after_each_finishes()
    {
        var loop = EventLoop.Virtual();
        var handed = new List<(string Name, double At, long Tick)>();
        loop.Run(async () =>
        {
            var tasks = new[] { Sleeper(loop, "slow", 3), Sleeper(loop, "fast", 1), Sleeper(loop, "middle", 2) };
            await foreach (var done in loop.AsCompleted(tasks)) handed.Add((await done, loop.Time.TotalSeconds, loop.CurrentTick));
        });
        Assert.Equal([("fast", 1.0), ("middle", 2.0), ("slow", 3.0)], handed.Select(h => (h.Name, h.At)));
        foreach (var (name, _, tick) in handed)
        {
            Assert.Equal(["step main"], loop.Ticks[(int)tick - 1].Ran);
            Assert.Equal(["as_completed done-callback"], loop.Ticks[(int)tick - 2].Ran);
            Assert.Equal([$"step {name}"], loop.Ticks[(int)tick - 3].Ran);
        }
        Assert.Equal(0, loop.UntimedArrivals);
    }

    [Fact]
    public void Tasks_finishing_in_one_tick_are_handed_over_in_one_step_of_the_consumer()
    {
        var loop = EventLoop.Virtual();
        var handed = new List<(string Name, long Tick)>();
        loop.Run(async () =>
        {
            var tasks = new[] { Sleeper(loop, "a", 1), Sleeper(loop, "b", 1), Sleeper(loop, "c", 2) };
            await foreach (var done in loop.AsCompleted(tasks)) handed.Add((await done, loop.CurrentTick));
        });
        Assert.Equal(["a", "b", "c"], handed.Select(h => h.Name));
        Assert.Equal(handed[0].Tick, handed[1].Tick); // b was already waiting when main took a: no suspension
        var callbacksTick = loop.Ticks[(int)handed[0].Tick - 2];
        Assert.Equal(["as_completed done-callback", "as_completed done-callback"], callbacksTick.Ran);
    }

    [Fact]
    public void Tasks_already_done_are_handed_over_after_a_done_callback_as_in_asyncio()
    {
        var loop = EventLoop.Virtual();
        var handed = new List<(int Value, long Tick)>();
        loop.Run(async () =>
        {
            var future = loop.CreateFuture<int>(); // RunContinuationsAsynchronously: still no thread-pool hop
            future.SetResult(2);
            await foreach (var done in loop.AsCompleted(Task.FromResult(1), future.Task)) handed.Add((await done, loop.CurrentTick));
        });
        Assert.Equal([(1, 3L), (2, 3L)], handed);
        Assert.Equal(["as_completed done-callback", "as_completed done-callback"], loop.Ticks[1].Ran);
        Assert.Equal(0, loop.UntimedArrivals);
    }

    [Fact]
    public void Failed_and_cancelled_tasks_are_handed_over_like_the_others()
    {
        var loop = EventLoop.Virtual();
        var outcomes = new List<string>();
        loop.Run(async () =>
        {
            var failing = loop.CreateTask(async () => { await loop.Sleep(S(1)); throw new InvalidOperationException("boom"); }, "failing");
            var cancelled = loop.CreateFuture<int>();
            loop.CallLater(S(2), () => cancelled.SetCanceled(), "cancel");
            await foreach (var done in loop.AsCompleted(failing, cancelled.Task))
                outcomes.Add(done.IsFaulted ? done.Exception!.InnerException!.Message : done.IsCanceled ? "cancelled" : "ok");
        });
        Assert.Equal(["boom", "cancelled"], outcomes);
    }

    [Fact]
    public void An_empty_list_ends_at_once_and_bad_use_is_rejected_with_a_clear_message()
    {
        var loop = EventLoop.Virtual();
        int count = -1;
        loop.Run(async () =>
        {
            count = 0;
            await foreach (var _ in loop.AsCompleted(Array.Empty<Task>())) count++;
        });
        Assert.Equal(0, count);
        Assert.Contains("null", Assert.Throws<ArgumentException>(() => loop.AsCompleted(Task.CompletedTask, null!)).Message);
        var enumerator = loop.AsCompleted(Task.CompletedTask).GetAsyncEnumerator();
        Assert.Contains("loop's thread", Assert.Throws<InvalidOperationException>(() => enumerator.MoveNextAsync()).Message);
    }
}
