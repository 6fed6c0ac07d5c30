using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The programs of asyncio/tick_parity_programs.py, line for line, on <see cref="EventLoop.Virtual"/>: lesson 05's
/// (say_after, gather and as_completed, the call_soon/call_later puzzles, the future set by a timer, exercise 2)
/// and the seeds' others. print → loop.Print; create_task → loop.CreateTask; gather → Task.WhenAll;
/// as_completed → loop.AsCompleted; sleep → loop.Sleep; call_soon/call_later → loop.CallSoon/CallLater with the
/// label Python gives with named(...); create_future → loop.CreateFuture.
/// </summary>
internal static class TickParityPrograms
{
    public static readonly string[] Names =
    [
        "say_after_sequential", "say_after_tasks", "tasks_and_sleep3", "gather", "as_completed",
        "puzzle_soon_later", "puzzle_nested", "future_by_timer", "exercise_order", "foo_bar_tasks",
        "foo_bar_gather", "future_call_soon", "callbacks_seed002", "puzzle_ping_pong", "done_task_no_wait",
        "main_returns_first",
    ];

    /// <summary>Runs one program on a fresh virtual loop (its prints kept out of the test output).</summary>
    public static EventLoop Run(string name)
    {
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        loop.Run(Program(name, loop));
        return loop;
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static Func<Task> Program(string name, EventLoop loop)
    {
        void Print(string text) => loop.Print(text);
        async Task SayAfter(double delay, string what)
        {
            await loop.Sleep(S(delay)); // p3
            Print(what);
        }
        async Task<string> Fetch(string what, double seconds)
        {
            await loop.Sleep(S(seconds));
            Print($"{what} finished at {loop.Time.TotalSeconds} s");
            return what;
        }
        async Task Foo()
        {
            Print("甲函数开始");
            await loop.Sleep(S(2));
            Print("甲函数结束");
        }
        async Task Bar()
        {
            Print("乙函数开始");
            await loop.Sleep(S(1));
            Print("乙函数结束");
        }
        async Task Worker(string who, int n)
        {
            for (var i = 0; i < n; i++)
            {
                Print($"{who}{i}");
                await loop.Sleep(TimeSpan.Zero);
            }
        }

        return name switch
        {
            "say_after_sequential" => async () =>
            {
                var t = loop.Time;
                await SayAfter(1, "hello"); // p1
                await SayAfter(2, "world"); // p2
                Print($"time: {(loop.Time - t).TotalSeconds:0.00}");
            },
            "say_after_tasks" => async () =>
            {
                var t = loop.Time;
                var task1 = loop.CreateTask(() => SayAfter(1, "hello"), "say_after(1, hello)");
                var task2 = loop.CreateTask(() => SayAfter(2, "world"), "say_after(2, world)");
                await task1;
                await task2;
                Print($"time: {(loop.Time - t).TotalSeconds:0.00}");
            },
            "tasks_and_sleep3" => async () =>
            {
                _ = loop.CreateTask(() => SayAfter(1, "hello"));
                _ = loop.CreateTask(() => SayAfter(2, "world"));
                await loop.Sleep(S(3));
                Print($"time: {loop.Time.TotalSeconds:0}");
            },
            // gather(coroutines...) wraps each in a task: CreateTask is the faithful translation.
            "gather" => async () =>
            {
                var results = await Task.WhenAll(
                    loop.CreateTask(() => Fetch("slow", 3)),
                    loop.CreateTask(() => Fetch("fast", 1)),
                    loop.CreateTask(() => Fetch("middle", 2)));
                Print("gather returned: " + string.Join(", ", results));
            },
            "as_completed" => async () =>
            {
                var tasks = new[]
                {
                    loop.CreateTask(() => Fetch("slow", 3)),
                    loop.CreateTask(() => Fetch("fast", 1)),
                    loop.CreateTask(() => Fetch("middle", 2)),
                };
                await foreach (var done in loop.AsCompleted(tasks)) Print($"as_completed gave {await done}");
            },
            "puzzle_soon_later" => async () =>
            {
                loop.CallSoon(() => Print("A"), "print A");
                loop.CallLater(TimeSpan.Zero, () => Print("B"), "print B (timer)");
                loop.CallSoon(() => Print("C"), "print C");
                loop.CallSoon(() => Print("F (cancelled)")).Cancel();
                await loop.Sleep(TimeSpan.Zero);
                Print("main");
            },
            "puzzle_nested" => async () =>
            {
                loop.CallSoon(() =>
                {
                    Print("1");
                    loop.CallSoon(() => Print("1b"));
                });
                loop.CallSoon(() => Print("2"));
                await loop.Sleep(TimeSpan.Zero);
                Print("main");
            },
            "future_by_timer" => async () =>
            {
                var future = loop.CreateFuture<int>();
                loop.CallLater(S(1), () => future.SetResult(42), "timer: set_result(42)");
                Print($"main got {await future.Task}");
            },
            "exercise_order" => async () =>
            {
                loop.CallLater(TimeSpan.Zero, () => Print("W"), "timer W");
                loop.CallSoon(() => { Print("X"); loop.CallSoon(() => Print("Y"), "Y"); }, "X");
                await loop.CreateTask(async () => { Print("Z"); await Task.CompletedTask; }, "child");
                Print("main");
            },
            "foo_bar_tasks" => async () =>
            {
                var task1 = loop.CreateTask(Foo);
                var task2 = loop.CreateTask(Bar);
                await task1;
                await task2;
            },
            "foo_bar_gather" => () => Task.WhenAll(loop.CreateTask(Foo), loop.CreateTask(Bar)),
            "future_call_soon" => async () =>
            {
                var future = loop.CreateFuture<string>();
                loop.CallSoon(() => future.SetResult("Hello, Future!"));
                Print(await future.Task);
            },
            "callbacks_seed002" => async () =>
            {
                loop.CallSoon(() => Print("Callback executed immediately"));
                loop.CallLater(S(2), () => Print("Callback executed after 2 seconds"));
                await loop.Sleep(S(3));
                Print("main done");
            },
            "puzzle_ping_pong" => async () =>
            {
                var t1 = loop.CreateTask(() => Worker("a", 3));
                var t2 = loop.CreateTask(() => Worker("b", 3));
                loop.CallSoon(() => Print("callback"));
                Print("main created both");
                await t1;
                Print("t1 done");
                await t2;
                Print("t2 done");
            },
            "done_task_no_wait" => async () =>
            {
                var t = loop.CreateTask(() =>
                {
                    Print("quick runs");
                    return Task.FromResult(7);
                });
                await loop.Sleep(TimeSpan.Zero);
                Print($"done: {(t.IsCompleted ? "True" : "False")}");
                Print($"value: {await t}");
            },
            "main_returns_first" => () =>
            {
                _ = loop.CreateTask(async () =>
                {
                    Print("child starts");
                    await loop.Sleep(S(1));
                    Print("child never prints");
                });
                Print("main returns");
                return Task.CompletedTask;
            },
            _ => throw new ArgumentException($"No program named '{name}'.", nameof(name)),
        };
    }
}
