namespace Notebooks.Tests;

/// <summary>
/// The claims lesson 08 makes in its prose, asserted on the values the notebook computed in its own run: counts,
/// orders and ratios, never absolute times. The asyncio side is asserted where the Python kernel ran (it is
/// skipped, and says so, on a machine without Python 3 and ipykernel).
/// </summary>
public class Lesson08Claims
{
    private const string Lesson = "08-where-dotnet-and-asyncio-differ.ipynb";
    private const string Solution = "solutions/08-where-dotnet-and-asyncio-differ.ipynb";

    [SkippableFact]
    public void Counter_plus_plus_on_two_threads_loses_updates_and_Interlocked_loses_none()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Skip.If(run.Var<int>("poolWorkers") < 2, "One core: the notebook ran a single worker, so nothing can race.");
        Assert.True(run.Var<int>("plusPlusLost") > 0, $"counter++ kept all {run.Var<int>("poolExpected")} updates in every run (3 s of runs): {run.Summary("plusPlusCounts")}");
        Assert.Equal(0, run.Var<int>("interlockedLost"));
        Assert.Equal(run.Var<int>("poolExpected"), run.Var<int>("interlockedCount"));
    }

    [Fact]
    public void Read_await_write_loses_updates_and_an_async_lock_loses_none()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.True(run.Var<int>("awaitUnsafeLost") > 0, $"read, await, write kept all {run.Var<int>("awaitExpected")} updates");
        Assert.Equal(0, run.Var<int>("awaitLockedLost"));
        Assert.Equal(run.Var<int>("awaitExpected"), run.Var<int>("awaitLockedCount"));
    }

    [SkippableFact]
    public void Asyncio_keeps_every_update_without_an_await_and_exactly_one_in_eight_with_one()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Skip.IfNot(run.Var<bool>("pythonConnected"), "No Python kernel in this run: the asyncio counts were not measured.");
        var expected = run.Var<int>("awaitExpected");
        Assert.Equal(expected, run.Var<int>("pyNoAwaitCount"));
        Assert.Equal(expected, run.Var<int>("pyLockCount"));
        // 8 tasks taking strict FIFO turns: each round all 8 read the same value, so one increment in 8 survives.
        Assert.Equal(8, run.Var<int>("awaitWorkers"));
        Assert.Equal(run.Var<int>("awaitIncrements"), run.Var<int>("pyAwaitCount"));
    }

    [Fact]
    public void A_monitor_cannot_be_released_by_another_thread()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.StartsWith("SynchronizationLockException", run.Var<string>("monitorExitError"));
        Assert.True(run.Var<bool>("monitorHeldByOtherThread"));
    }

    [Fact]
    public void Without_the_lock_the_read_to_write_windows_overlap_and_with_it_they_form_a_staircase()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.True(run.Var<bool>("unsafeWindowsOverlap"));
        Assert.False(run.Var<bool>("lockedWindowsOverlap"));
        Assert.Equal(12, run.Var<int>("lockedTraceCount"));
        Assert.True(run.Var<int>("unsafeTraceCount") < 12, $"without the lock {run.Var<int>("unsafeTraceCount")} of 12 arrived");
    }

    [Fact]
    public void Await_calls_GetAwaiter_IsCompleted_OnCompleted_returns_and_resumes_with_GetResult_on_the_completing_thread()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var log = run.Var<List<string>>("awaitLog");
        Assert.Equal(new[]
        {
            "main: before await", "GetAwaiter()", "IsCompleted -> False", "OnCompleted(continuation)",
            "caller: Main returned a Task, IsCompleted = False", "SetResult(21)", "GetResult() -> 21",
        }, log.Take(7));
        Assert.StartsWith("main: got 21 on thread ", log[7]);
        Assert.Equal("caller: await mainTask -> 42", log[8]);
        Assert.True(run.Var<bool>("resumedOnResumerThread"));
        Assert.Equal(42, run.Var<int>("awaitResult"));
        // The prose: the builder calls OnCompleted (our awaiter is only INotifyCompletion), and the callback resumes
        // the box, which is the Task the method returned.
        Assert.Equal("AsyncTaskMethodBuilder`1.AwaitOnCompleted", run.Var<string>("onCompletedCaller"));
        Assert.True(run.Var<bool>("continuationResumesMainTask"));
    }

    [Fact]
    public void A_completed_awaitable_is_never_asked_to_call_back()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var log = run.Var<List<string>>("fastLog");
        Assert.Equal(new[] { "main: before await", "GetAwaiter()", "IsCompleted -> True", "GetResult() -> 5" }, log.Take(4));
        Assert.DoesNotContain("OnCompleted(continuation)", log);
        Assert.Equal(10, run.Var<int>("fastResult"));
    }

    [Fact]
    public void The_state_machine_keeps_its_state_and_the_pending_awaiter_in_fields()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var fields = run.Var<List<string>>("stateMachineFields");
        Assert.Contains("<>1__state: Int32", fields);
        Assert.Contains(fields, f => f.StartsWith("<>u__1:", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("signal:", StringComparison.Ordinal)); // the parameter lives across the await
        // The prose of section 4 explains the async methods' allocations by this: compiled without optimizations.
        Assert.True(run.Var<bool>("stateMachineIsClass"));
    }

    [SkippableFact]
    public void A_coroutine_driven_by_send_follows_the_same_protocol()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Skip.IfNot(run.Var<bool>("pythonConnected"), "No Python kernel in this run.");
        Assert.Equal(new[]
        {
            "main: before await", "done() -> False", "add_done_callback(step)",
            "driver: main is suspended; the loop runs other things", "set_result(21)", "result() -> 21",
            "main: got 21", "coroutine returned 42",
        }, run.Var<List<string>>("pyAwaitLog"));
    }

    [Fact]
    public void AsyncLocal_flows_into_children_and_back_only_from_a_plain_method()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var cs = run.Var<Dictionary<string, string>>("csContext");
        foreach (var seen in new[] { "seen by awaited child", "seen by task", "seen by thread" })
            Assert.Equal("parent", cs[seen]);
        Assert.Equal("parent", cs["parent after awaited child"]);
        Assert.Equal("parent", cs["parent after task"]);
        Assert.Equal("parent", cs["parent after thread"]);
        Assert.Equal("child", cs["parent after plain function"]);
    }

    [SkippableFact]
    public void Contextvars_differ_only_for_an_awaited_coroutine()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Skip.IfNot(run.Var<bool>("pythonConnected"), "No Python kernel in this run.");
        var py = run.Var<Dictionary<string, string>>("pyContext");
        var cs = run.Var<Dictionary<string, string>>("csContext");
        foreach (var seen in new[] { "seen by awaited child", "seen by task", "seen by thread" })
            Assert.Equal("parent", py[seen]);
        Assert.Equal("child", py["parent after awaited child"]);   // the one difference
        Assert.NotEqual(cs["parent after awaited child"], py["parent after awaited child"]);
        Assert.Equal("parent", py["parent after task"]);
        Assert.Equal("parent", py["parent after thread"]);
        Assert.Equal("child", py["parent after plain function"]);
    }

    [Fact]
    public void ValueTask_spares_the_Task_allocation_of_a_synchronous_result()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var fastTask = run.Var<double>("fastTaskBytes");
        var fastValueTask = run.Var<double>("fastValueTaskBytes");
        var asyncTask = run.Var<double>("asyncTaskBytes");
        var asyncValueTask = run.Var<double>("asyncValueTaskBytes");
        var cachedInt = run.Var<double>("asyncCachedIntBytes");
        // A Task<long> is an object of 40+ bytes (72 on 64-bit); counted over 100,000 calls, "nothing" is < 1 byte a call.
        Assert.True(fastTask >= 40, $"Task.FromResult: {fastTask:F1} bytes per call");
        Assert.True(fastValueTask < 1, $"new ValueTask: {fastValueTask:F1} bytes per call");
        // The async versions differ by the Task object: at least half a Task<long> apart (the state machines differ a little).
        Assert.True(asyncTask - asyncValueTask >= 0.5 * fastTask, $"async Task {asyncTask:F1} vs async ValueTask {asyncValueTask:F1} bytes per call");
        // A cached Task<int> costs only the state machine: well below the uncached Task<long>.
        Assert.True(asyncTask - cachedInt >= 0.5 * fastTask, $"async Task<long> {asyncTask:F1} vs cached Task<int> {cachedInt:F1} bytes per call");
    }

    [Fact]
    public void The_exercises_are_open_in_the_lesson_and_solved_in_the_solution()
    {
        var lesson = NotebookRuns.GetGreen(Lesson);
        var solution = NotebookRuns.GetGreen(Solution);
        foreach (var exercise in new[] { "exercise1Passed", "exercise2Passed", "exercise3Passed", "exercise4Passed" })
        {
            Assert.False(lesson.Var<bool>(exercise), $"{exercise} passes in the lesson before it is solved");
            Assert.True(solution.Var<bool>(exercise), $"{exercise} fails in the solution:\n{solution.Text}");
        }
        Assert.Contains("⏳ Exercise 1", lesson.Text);
        Assert.DoesNotContain("⏳", solution.Text);
        Assert.Equal(500, solution.Var<int>("exercise1Balance"));
    }
}
