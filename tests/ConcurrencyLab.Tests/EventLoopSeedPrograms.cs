using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The programs of asyncio/seed_programs.py, line for line, on <see cref="EventLoop"/> (virtual time, one
/// second = one unit). Each prints "tick|seconds|text" like the Python side. Mapping: await coroutine → await the
/// async method; create_task → loop.CreateTask; gather → Task.WhenAll; sleep → loop.Sleep; call_soon/call_later →
/// loop.CallSoon/CallLater; create_future → loop.CreateFuture.
/// </summary>
internal static class EventLoopSeedPrograms
{
    /// <summary>Programs whose tick numbers differ from asyncio by design: Task.WhenAll resumes its awaiter without
    /// asyncio.gather's extra done-callback tick. Their lines, times and order must still match.</summary>
    public static readonly HashSet<string> GatherPrograms = ["gather_tasks", "foo_bar_gather"];

    public static IReadOnlyList<string> Run(string name)
    {
        var loop = EventLoop.Virtual();
        var lines = new List<string>();
        void Out(string text) => lines.Add($"{loop.CurrentTick}|{Math.Round(loop.Time.TotalSeconds)}|{text}");
        loop.Run(Program(name, loop, Out));
        return lines;
    }

    public static readonly string[] Names =
    [
        "sequential", "with_tasks", "tasks_and_sleep3", "gather_tasks", "foo_bar_tasks", "foo_bar_gather",
        "future_call_soon", "future_by_timer", "callbacks_seed002", "puzzle_soon_later", "puzzle_ping_pong",
        "nested_soon", "done_task_no_wait", "main_returns_first",
    ];

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static Func<Task> Program(string name, EventLoop loop, Action<string> print)
    {
        async Task SayAfter(double delay, string what)
        {
            await loop.Sleep(S(delay)); // p3
            print(what);
        }
        string Elapsed() => $"time: {loop.Time.TotalSeconds:0}";
        async Task Foo()
        {
            print("甲函数开始");
            await loop.Sleep(S(2));
            print("甲函数结束");
        }
        async Task Bar()
        {
            print("乙函数开始");
            await loop.Sleep(S(1));
            print("乙函数结束");
        }
        async Task Worker(string who, int n)
        {
            for (int i = 0; i < n; i++)
            {
                print($"{who}{i}");
                await loop.Sleep(TimeSpan.Zero);
            }
        }

        return name switch
        {
            "sequential" => async () =>
            {
                await SayAfter(1, "hello"); // p1
                await SayAfter(2, "world"); // p2
                print(Elapsed());
            },
            "with_tasks" => async () =>
            {
                var task1 = loop.CreateTask(() => SayAfter(1, "hello"));
                var task2 = loop.CreateTask(() => SayAfter(2, "world"));
                await task1;
                await task2;
                print(Elapsed());
            },
            "tasks_and_sleep3" => async () =>
            {
                _ = loop.CreateTask(() => SayAfter(1, "hello"));
                _ = loop.CreateTask(() => SayAfter(2, "world"));
                await loop.Sleep(S(3));
                print(Elapsed());
            },
            "gather_tasks" => async () =>
            {
                var task1 = loop.CreateTask(() => SayAfter(1, "hello"));
                var task2 = loop.CreateTask(() => SayAfter(2, "world"));
                await Task.WhenAll(task1, task2);
                print(Elapsed());
            },
            "foo_bar_tasks" => async () =>
            {
                var task1 = loop.CreateTask(Foo);
                var task2 = loop.CreateTask(Bar);
                await task1;
                await task2;
            },
            // gather(foo(), bar()) wraps each coroutine in a task: CreateTask is the faithful translation.
            "foo_bar_gather" => () => Task.WhenAll(loop.CreateTask(Foo), loop.CreateTask(Bar)),
            "future_call_soon" => async () =>
            {
                var future = loop.CreateFuture<string>();
                loop.CallSoon(() => future.SetResult("Hello, Future!"));
                print(await future.Task);
            },
            "future_by_timer" => async () =>
            {
                var future = loop.CreateFuture<int>();
                loop.CallLater(S(1), () => future.SetResult(42));
                print("waiting for the future");
                print($"got {await future.Task}");
            },
            "callbacks_seed002" => async () =>
            {
                loop.CallSoon(() => print("Callback executed immediately"));
                loop.CallLater(S(2), () => print("Callback executed after 2 seconds"));
                await loop.Sleep(S(3));
                print("main done");
            },
            "puzzle_soon_later" => async () =>
            {
                loop.CallSoon(() => print("A call_soon"));
                loop.CallLater(TimeSpan.Zero, () => print("B call_later(0)"));
                loop.CallSoon(() => print("C call_soon"));
                loop.CallLater(S(1), () => print("D call_later(1)"));
                loop.CallLater(S(1), () => print("E call_later(1)"));
                loop.CallSoon(() => print("F cancelled")).Cancel();
                print("main before sleep(0)");
                await loop.Sleep(TimeSpan.Zero);
                print("main after sleep(0)");
                await loop.Sleep(S(2));
                print("main done");
            },
            "puzzle_ping_pong" => async () =>
            {
                var t1 = loop.CreateTask(() => Worker("a", 3));
                var t2 = loop.CreateTask(() => Worker("b", 3));
                loop.CallSoon(() => print("callback"));
                print("main created both");
                await t1;
                print("t1 done");
                await t2;
                print("t2 done");
            },
            "nested_soon" => async () =>
            {
                loop.CallSoon(() =>
                {
                    print("first");
                    loop.CallSoon(() => print("scheduled by first"));
                });
                loop.CallSoon(() => print("second"));
                await loop.Sleep(TimeSpan.Zero);
                print("main after one tick");
                await loop.Sleep(TimeSpan.Zero);
                print("main after two ticks");
            },
            "done_task_no_wait" => async () =>
            {
                var t = loop.CreateTask(() =>
                {
                    print("quick runs");
                    return Task.FromResult(7);
                });
                await loop.Sleep(TimeSpan.Zero);
                print($"done: {(t.IsCompleted ? "True" : "False")}");
                print($"value: {await t}");
            },
            "main_returns_first" => () =>
            {
                _ = loop.CreateTask(async () =>
                {
                    print("child starts");
                    await loop.Sleep(S(1));
                    print("child never prints");
                });
                print("main returns");
                return Task.CompletedTask;
            },
            _ => throw new ArgumentException($"No program named '{name}'.", nameof(name)),
        };
    }
}
