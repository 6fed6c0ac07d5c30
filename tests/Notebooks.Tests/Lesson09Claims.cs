namespace Notebooks.Tests;

/// <summary>
/// What lesson 09 says, checked on the values its cells computed (100 ms stands for "a second" there). Every claim is
/// an order read off one recorded timeline, a count, or a thread identity: none depends on how loaded the machine is.
/// </summary>
public class Lesson09Claims
{
    private static NotebookRun Lesson => NotebookRuns.Get("09-when-async-goes-wrong.ipynb");
    private static NotebookRun Solution => NotebookRuns.Get("solutions/09-when-async-goes-wrong.ipynb");

    /// <summary>The Python claims need the live Python cells: without Python 3 and ipykernel they are skipped.</summary>
    private static void SkipWithoutPython() =>
        Skip.IfNot(Lesson.Var<bool>("pythonConnected"),
            "No Python kernel in this run (Python 3 with ipykernel is missing): the Python cells printed the install hint instead.");

    [Fact]
    public void A_forgotten_task_fails_while_its_caller_works_and_the_caller_catches_nothing()
    {
        Assert.Empty(Lesson.Var<List<string>>("forgottenCaught"));
        // The save's 1 "s" against the caller's 2: read off one timeline, so the order holds under any load.
        Assert.True(Lesson.Var<bool>("forgottenSaveEndedFirst"));
    }

    [Fact]
    public void UnobservedTaskException_fires_only_when_the_collector_finalizes_the_task()
    {
        // Counted by a handler that only counts this cell's task: none while the failed Task was merely dropped, one
        // after GC.Collect and WaitForPendingFinalizers (the handler is unhooked in a finally afterwards).
        Assert.Equal(0, Lesson.Var<int>("unobservedBeforeCollect"));
        Assert.Equal(1, Lesson.Var<int>("unobservedAfterCollect"));
    }

    [Fact]
    public void An_async_void_exception_skips_the_caller_and_comes_out_of_the_loop_it_was_posted_to()
    {
        Assert.Equal(
            ["caller: SaveClicked() returned", "SaveClicked throws", "caller: done",
             "SingleThreadContext.Run threw: save failed in an async void method"],
            Lesson.Var<List<string>>("voidLog"));
    }

    [Fact]
    public void Keeping_and_awaiting_the_task_delivers_the_failure_and_a_logging_helper_observes_it()
    {
        Assert.Equal(["save failed"], Lesson.Var<List<string>>("keptCaught"));
        Assert.True(Lesson.Var<bool>("keptCallerEndedAfterSave"));
        Assert.Equal(["background task failed: autosave failed"], Lesson.Var<List<string>>("backgroundLogged"));
    }

    [SkippableFact]
    public void Asyncio_reports_a_dropped_failed_task_when_it_finishes_and_a_dropped_pending_task_when_collected()
    {
        SkipWithoutPython();
        Assert.Equal(["Task exception was never retrieved"], Lesson.Var<List<string>>("pyReports"));
        // Read off one timeline: reported after the save ended and before the caller did (CPython frees it at once).
        Assert.True(Lesson.Var<bool>("pyReportCameWhenSaveEnded"));
        Assert.True(Lesson.Var<bool>("pyPendingBeforeDrop"));
        Assert.Equal(["Task was destroyed but it is pending!"], Lesson.Var<List<string>>("pyPendingReports"));
        Assert.Equal(["wait_for's finally ran"], Lesson.Var<List<string>>("pyDestroyedCleanups"));
    }

    [SkippableFact]
    public void A_done_callback_retrieves_the_failure_and_TaskGroup_raises_it_and_cuts_the_body_short()
    {
        SkipWithoutPython();
        Assert.Equal(["background task failed: autosave failed"], Lesson.Var<List<string>>("pyBackgroundLog"));
        Assert.Empty(Lesson.Var<List<string>>("pyCureReports")); // retrieved, so not reported as never retrieved
        Assert.Equal(["save failed"], Lesson.Var<List<string>>("pyGroupedRaised"));
        // The save fails at 1 "s" and cancels the body's 2 "s" sleep: the caller's bar ends between (0.9 allows
        // timer rounding); reaching 2 would take a loop a full "second" (100 ms) late in cancelling it.
        Assert.InRange(Lesson.Var<double>("pyGroupedCallerEnd"), 0.9, 2.0);
    }

    [Fact]
    public void Wait_on_the_loop_thread_deadlocks_until_it_gives_up_and_the_continuation_then_runs_on_that_thread()
    {
        Assert.False(Lesson.Var<bool>("deadlockCompleted"));
        Assert.True(Lesson.Var<bool>("deadlockIoEndedBeforeTheWaitGaveUp"));
        Assert.True(Lesson.Var<bool>("deadlockRestRanAfterTheWaitGaveUp"));
        Assert.True(Lesson.Var<bool>("deadlockRestRanOnTheLoopThread"));
    }

    [Fact]
    public void ConfigureAwait_false_completes_on_another_thread_and_no_context_completes_with_a_pool_thread_blocked()
    {
        Assert.True(Lesson.Var<bool>("configuredCompleted"));
        Assert.True(Lesson.Var<bool>("configuredRestRanElsewhereBeforeTheWaitEnded"));
        Assert.True(Lesson.Var<bool>("noContextCompleted"));
        Assert.True(Lesson.Var<bool>("noContextRestRanElsewhere"));
    }

    [SkippableFact]
    public void Asyncio_refuses_to_nest_a_loop_and_blocking_the_loop_keeps_the_coroutine_from_starting()
    {
        SkipWithoutPython();
        var errors = Lesson.Var<Dictionary<string, string>>("pyNestingErrors");
        // Only the parts of the messages that 3.11 to 3.14 share.
        Assert.Contains("cannot be called from a running event loop", errors["asyncio.run"]);
        Assert.Contains("already running", errors["loop.run_until_complete"]);
        Assert.Equal("(gave up)", Lesson.Var<string>("pyDeadlockResult"));
        Assert.Equal("data", Lesson.Var<string>("pyDeadlockLateResult"));
        Assert.True(Lesson.Var<bool>("pyLoadStartedOnlyAfterTheWaitGaveUp"));
        Assert.Equal("data", Lesson.Var<string>("pyWorkerResult"));
        Assert.True(Lesson.Var<bool>("pyWorkerWaitedForTheLoad"));
    }

    [Fact]
    public void The_exercise_check_says_not_yet_as_committed_and_done_when_solved()
    {
        Assert.False(Lesson.Var<bool>("exercise91Passed"), "The committed TODO (.Wait() on the loop thread) should not pass.");
        Assert.Equal("(gave up)", Lesson.Var<string>("exerciseResult"));
        Assert.Contains("⏳ Exercise 9.1: not yet.", Lesson.Text);
        Assert.True(Solution.Var<bool>("exercise91Passed"), Solution.Describe());
        Assert.Equal("data", Solution.Var<string>("exerciseResult"));
        Assert.Contains("✅ Exercise 9.1: done.", Solution.Text);
    }
}
