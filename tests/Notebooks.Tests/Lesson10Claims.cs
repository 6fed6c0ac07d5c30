namespace Notebooks.Tests;

/// <summary>
/// What lesson 10 says, checked on the values its cells computed (100 ms stands for "a second" there). States,
/// statuses, thread ids and orders are deterministic; the few durations are judged against the lesson's own 1 "s"
/// give-up point and its 2 or 3 "s" jobs, with margins far wider than timer and scheduling noise.
/// </summary>
public class Lesson10Claims
{
    private static NotebookRun Lesson => NotebookRuns.Get("10-cancellation-and-crossing-threads.ipynb");
    private static NotebookRun Solution => NotebookRuns.Get("solutions/10-cancellation-and-crossing-threads.ipynb");

    /// <summary>The Python claims need the live Python cells: without Python 3 and ipykernel they are skipped.</summary>
    private static void SkipWithoutPython() =>
        Skip.IfNot(Lesson.Var<bool>("pythonConnected"),
            "No Python kernel in this run (Python 3 with ipykernel is missing): the Python cells printed the install hint instead.");

    /// <summary>The connected Python's version (platform.python_version(), e.g. "3.11.2"), for version-dependent claims.</summary>
    private static Version PythonVersion() =>
        Version.Parse(new string(Lesson.Var<string>("pyVersion").TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()));

    [Fact]
    public void The_lesson_runs_green_with_every_cell_run_twice()
    {
        Assert.True(Lesson.Succeeded, Lesson.Describe());
    }

    [Fact]
    public void The_owner_cancelling_the_outer_token_cancels_every_job_through_the_links_and_knows_it_did()
    {
        var states = Lesson.Var<Dictionary<string, string>>("ownerStates");
        Assert.Equal(("cancelled", "cancelled", "cancelled"), (states["P1"], states["child C1"], states["child C2"]));
        Assert.Equal("cancelled by its owner", Lesson.Var<string>("ownerHeard"));
        Assert.Equal("Canceled", Lesson.Var<string>("ownerStatus"));
        Assert.True(Lesson.Var<bool>("ownerOuterCancelled"));
        // The exception carried an inner linked token, not outer's: why the owner asks its own token instead.
        Assert.False(Lesson.Var<bool>("ownerTokenWasOuter"));
        // Cancelled at 1 "s" of 3 "s" jobs: never before (0.9 allows timer rounding), and below 2, far from 3.
        Assert.InRange(Lesson.Var<double>("ownerCallerEnd"), 0.9, 2.0);
    }

    [Fact]
    public void A_failing_child_cancels_its_siblings_and_its_parents_siblings_and_leaves_the_outer_token_alone()
    {
        var states = Lesson.Var<Dictionary<string, string>>("failStates");
        Assert.Equal(("cancelled", "cancelled", "failed"), (states["P1"], states["child C1"], states["child C2"]));
        Assert.Equal("failed: child C2 went wrong", Lesson.Var<string>("failHeard"));
        Assert.Equal("Faulted", Lesson.Var<string>("failStatus"));
        Assert.False(Lesson.Var<bool>("failOuterCancelled"));
        Assert.InRange(Lesson.Var<double>("failCallerEnd"), 0.9, 2.0);
    }

    [SkippableFact]
    public void Nested_TaskGroups_do_the_same_and_nest_their_exception_groups()
    {
        SkipWithoutPython();
        var owner = Lesson.Var<Dictionary<string, string>>("pyOwnerStates");
        Assert.Equal(("cancelled", "cancelled", "cancelled"), (owner["P1"], owner["child C1"], owner["child C2"]));
        Assert.Equal("cancelled by its owner", Lesson.Var<string>("pyOwnerHeard"));
        var fail = Lesson.Var<Dictionary<string, string>>("pyFailStates");
        Assert.Equal(("cancelled", "cancelled", "failed"), (fail["P1"], fail["child C1"], fail["child C2"]));
        Assert.Equal("failed: ExceptionGroup [['child C2 went wrong']]", Lesson.Var<string>("pyFailHeard"));
        Assert.Equal(0, Lesson.Var<int>("pyCallerCancelling")); // the awaiting caller itself was never being cancelled
        // C2's group failed while the tree's body already waited in its TaskGroup's __aexit__: 3.11 and 3.12 call
        // uncancel() only at the start of __aexit__, so the group's request stays on the tree's task; 3.13 (gh-116720)
        // takes it back after the children have ended.
        var treeCancelling = Lesson.Var<int>("pyFailTreeCancelling");
        Assert.Equal(PythonVersion() < new Version(3, 13) ? 1 : 0, treeCancelling);
        Assert.InRange(Lesson.Var<double>("pyOwnerCallerEnd"), 0.9, 2.0);
        Assert.InRange(Lesson.Var<double>("pyFailCallerEnd"), 0.9, 2.0);
    }

    [Fact]
    public void Only_a_filter_on_the_callers_own_token_tells_its_cancellation_from_a_timeout_inside_the_call()
    {
        Assert.Equal("TaskCanceledException", Lesson.Var<string>("callerFirstType"));
        Assert.Equal("TaskCanceledException", Lesson.Var<string>("timeoutFirstType"));
        Assert.Equal("cancelled by me", Lesson.Var<string>("callerFirst"));
        Assert.Equal("the call timed out", Lesson.Var<string>("timeoutFirst"));
        Assert.Equal("cancelled by me", Lesson.Var<string>("timeoutFirstNaive")); // the bare catch gets it wrong
    }

    [Fact]
    public void A_cancelled_task_is_Canceled_not_Faulted_a_swallowed_one_completes_and_Task_Run_wants_its_own_token()
    {
        var statuses = Lesson.Var<Dictionary<string, string>>("statuses");
        Assert.Equal("Canceled", statuses["async method, OCE escapes"]);
        Assert.Equal("RanToCompletion", statuses["async method, OCE swallowed"]);
        Assert.Equal("Canceled", statuses["Task.Run(work, token), OCE of that token"]);
        Assert.Equal("Faulted (OperationCanceledException)", statuses["Task.Run(work), OCE of a token it was not given"]);
        Assert.Equal("TaskCanceledException, an OperationCanceledException: True", Lesson.Var<string>("delayThrew"));
    }

    [Fact]
    public void A_computing_loop_stops_only_if_it_checks_its_token()
    {
        Assert.Equal("RanToCompletion", Lesson.Var<string>("noCheckStatus"));
        Assert.Equal("Canceled", Lesson.Var<string>("checkStatus"));
        // The loop's chunks are timed by the wall clock: the unchecked one lasts its 2 "s" whatever the load.
        Assert.True(Lesson.Var<double>("noCheckSeconds") >= 1.9, Lesson.Summary("noCheckSeconds"));
        // Cancelled at 0.5 "s", seen at the next check: well under half the unchecked loop, in the same run.
        Assert.True(Lesson.Var<double>("checkSeconds") < Lesson.Var<double>("noCheckSeconds") / 2, Lesson.Summary("checkSeconds"));
    }

    [SkippableFact]
    public void A_coroutine_that_does_not_await_cannot_be_cancelled_until_its_next_await()
    {
        SkipWithoutPython();
        Assert.True(Lesson.Var<bool>("pyBusyCancelled"));
        var reachedAwait = Lesson.Var<double>("pyBusyReachedAwait");
        Assert.True(reachedAwait >= 1.9, $"it computed its full 2 \"s\": {reachedAwait}");
        // Orders on one clock: the 0.5 "s" timer could only run once the coroutine gave the loop its thread back,
        // and the CancelledError arrived at that await.
        Assert.True(Lesson.Var<double>("pyBusyCancelAsked") >= reachedAwait);
        Assert.True(Lesson.Var<double>("pyBusyCancelledAt") >= reachedAwait);
    }

    [SkippableFact]
    public void CancelledError_travels_down_and_up_swallowing_it_defeats_a_timeout_and_shield_protects_the_inner_task()
    {
        SkipWithoutPython();
        Assert.Equal([true, true, true], Lesson.Var<List<bool>>("pyChainDown"));
        Assert.Equal([true, true, true], Lesson.Var<List<bool>>("pyChainUp"));
        Assert.Equal("TimeoutError", Lesson.Var<string>("pyReraisedRaised"));
        Assert.Equal("nothing", Lesson.Var<string>("pySwallowedRaised"));
        // 2 "s" against 1 "s" under the same 1 "s" timeout, in one run: the swallowing body overran.
        Assert.True(Lesson.Var<double>("pySwallowedSeconds") / Lesson.Var<double>("pyReraisedSeconds") >= 1.5);
        Assert.Equal("TimeoutError", Lesson.Var<string>("pyShieldOuterSaw"));
        Assert.False(Lesson.Var<bool>("pyShieldInnerCancelled"));
    }

    [SkippableFact]
    public void Asyncio_timeout_counts_cancellation_requests_and_takes_back_only_its_own()
    {
        SkipWithoutPython();
        Assert.Equal((1, 0, "TimeoutError"), (Lesson.Var<int>("pyCountInside"), Lesson.Var<int>("pyCountAfter"), Lesson.Var<string>("pyCountingRaised")));
        Assert.Equal((1, 2), (Lesson.Var<int>("pyCountAtExpiry"), Lesson.Var<int>("pyCountDuringCleanup")));
        Assert.True(Lesson.Var<bool>("pyCleanupTaskCancelled"));
        Assert.False(Lesson.Var<bool>("pyCleanupRaisedTimeout"));
    }

    [Fact]
    public void CancelAfter_stops_the_work_and_WaitAsync_only_the_waiting()
    {
        Assert.InRange(Lesson.Var<double>("cancelAfterWorkSeconds"), 0.9, 2.0);
        Assert.Equal("TimeoutException", Lesson.Var<string>("waitAsyncThrew"));
        Assert.True(Lesson.Var<bool>("waitAsyncWorkRanOn"));
        // The work ran its 3 "s"; the caller gave up at 1: a ratio of about 3, judged within one run.
        Assert.True(Lesson.Var<double>("waitAsyncWorkSeconds") / Lesson.Var<double>("waitAsyncCallerSeconds") >= 1.5);
    }

    [SkippableFact]
    public void Asyncio_timeout_cancels_the_work_and_raises_TimeoutError_from_the_CancelledError()
    {
        SkipWithoutPython();
        Assert.Equal("CancelledError", Lesson.Var<string>("pyTimeoutWorkSaw"));
        Assert.Equal("TimeoutError", Lesson.Var<string>("pyTimeoutCallerGot"));
        Assert.Equal("CancelledError", Lesson.Var<string>("pyTimeoutCause"));
        // 3.11.7 and 3.12+ raise TimeoutError from the CancelledError; 3.11.2 raises it while handling it.
        var linkedAs = Lesson.Var<string>("pyTimeoutLinkedAs");
        if (PythonVersion() >= new Version(3, 11, 7)) Assert.Equal("__cause__", linkedAs);
        else if (PythonVersion() <= new Version(3, 11, 2)) Assert.Equal("__context__", linkedAs);
        Assert.InRange(Lesson.Var<double>("pyTimeoutWorkSeconds"), 0.9, 2.0);
    }

    [Fact]
    public void Any_thread_completes_a_TaskCompletionSource_and_runs_or_queues_the_continuation_itself()
    {
        // Default: SetResult ran the awaiting code on the worker thread, before SetResult returned.
        Assert.True(Lesson.Var<bool>("resumedOnWorkerByDefault"));
        Assert.Equal(["awaiting code resumed", "SetResult returned"], Lesson.Var<List<string>>("inlineOrder"));
        // RunContinuationsAsynchronously: queued to the pool, so not the (non-pool) worker thread.
        Assert.True(Lesson.Var<bool>("resumedElsewhereWithOption"));
        // A captured SynchronizationContext: posted back to the loop's thread.
        Assert.True(Lesson.Var<bool>("resumedOnLoopThread"));
    }

    [SkippableFact]
    public void An_asyncio_future_set_from_another_thread_wakes_nobody_and_call_soon_threadsafe_does()
    {
        SkipWithoutPython();
        Assert.True(Lesson.Var<bool>("pyCellThreadIsMain"));
        // Orders against the same run's timer: set_result's await ended only when the 4 "s" timer woke the loop;
        // call_soon_threadsafe's ended before its timer was due.
        Assert.True(Lesson.Var<bool>("pyWrongResumedAtTimer"));
        Assert.False(Lesson.Var<bool>("pyRightResumedAtTimer"));
        Assert.True(Lesson.Var<double>("pyWrongDelay") > Lesson.Var<double>("pyRightDelay"));
    }

    [SkippableFact]
    public void Debug_mode_raises_in_the_thread_and_the_callback_is_lost_the_bridges_hand_results_across()
    {
        SkipWithoutPython();
        Assert.Equal("Non-thread-safe operation invoked on an event loop other than the current one", Lesson.Var<string>("pyDebugRaised"));
        Assert.True(Lesson.Var<bool>("pyDebugFutureDone"));
        Assert.False(Lesson.Var<bool>("pyDebugCallbackRan"));
        Assert.Equal("concurrent.futures._base.Future", Lesson.Var<string>("pyRunCoroutineReturns"));
        Assert.Equal(42, Lesson.Var<int>("pyThreadGot"));
        Assert.EndsWith("Future", Lesson.Var<string>("pyWrapFutureReturns"));
        Assert.StartsWith("_asyncio", Lesson.Var<string>("pyWrapFutureReturns").Replace("asyncio.futures", "_asyncio"));
        Assert.StartsWith("ThreadPoolExecutor", Lesson.Var<string>("pyLoopGotFrom"));
    }

    [Fact]
    public void Exercise_10_1_says_not_yet_as_committed_and_done_when_solved()
    {
        Assert.False(Lesson.Var<bool>("exercise101Passed"), "The committed TODO (default TaskCompletionSources) should not pass.");
        Assert.Contains("⏳ Exercise 10.1: not yet.", Lesson.Text);
        // As committed, the worker's SetResult ran the processing on its own thread, so the second result came last.
        Assert.Equal(Lesson.Var<int>("producerThread"), Lesson.Var<int>("processedOnThread"));
        Assert.Equal(["first result processed", "second result produced"], Lesson.Var<List<string>>("exerciseOrder"));
        Assert.True(Solution.Var<bool>("exercise101Passed"), Solution.Describe());
        Assert.Contains("✅ Exercise 10.1: done.", Solution.Text);
        Assert.Equal(["second result produced", "first result processed"], Solution.Var<List<string>>("exerciseOrder"));
    }
}
