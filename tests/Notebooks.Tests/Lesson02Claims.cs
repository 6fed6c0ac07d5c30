namespace Notebooks.Tests;

/// <summary>
/// What lesson 02 says, checked on the values its cells computed (100 ms stands for "a second" there).
/// Orderings are deterministic; time ratios have margins far wider than timer and scheduling noise.
/// </summary>
public class Lesson02Claims
{
    private static NotebookRun Lesson => NotebookRuns.Get("02-async-await-basics.ipynb");
    private static NotebookRun Solution => NotebookRuns.Get("solutions/02-async-await-basics.ipynb");

    /// <summary>The Python claims need the live Python cells: without Python 3 and ipykernel they are skipped.</summary>
    private static void SkipWithoutPython() =>
        Skip.IfNot(Lesson.Var<bool>("pythonConnected"),
            "No Python kernel in this run (Python 3 with ipykernel is missing): the Python cells printed the install hint instead.");

    [Fact]
    public void A_csharp_task_is_hot_and_a_func_of_task_is_cold()
    {
        Assert.True(Lesson.Var<bool>("hotStartedBeforeAwait"));
        Assert.True(Lesson.Var<bool>("coldRanOnlyWhenInvoked"));
    }

    [Fact]
    public void Say_after_takes_about_3_seconds_in_sequence_and_about_2_started_together()
    {
        // 3 "s" vs 2 "s" = 1.5. A late timer adds ε to each wait: (3 + 2ε) / (2 + ε) stays within
        // [1.2, 1.8] unless ε exceeds 1.3 "s" (130 ms), far beyond timer noise even on a loaded machine.
        Assert.InRange(Lesson.Var<double>("sequentialOverConcurrent"), 1.2, 1.8);
    }

    [SkippableFact]
    public void A_python_coroutine_runs_only_when_awaited_warns_when_it_never_is_and_await_makes_no_task()
    {
        SkipWithoutPython();
        Assert.Equal(["called, not awaited yet", "start hello", "hello"], Lesson.Var<List<string>>("pyColdOrder"));
        Assert.Contains(Lesson.Var<List<string>>("pyNeverAwaited"),
            w => w.StartsWith("RuntimeWarning: coroutine 'say_after_into' was never awaited", StringComparison.Ordinal));
        Assert.True(Lesson.Var<bool>("pyAwaitMadeNoTask"), "await coro should run in the caller's task");
        Assert.True(Lesson.Var<bool>("pyCreateTaskMadeATask"), "create_task should run the coroutine in a task of its own");
    }

    [Fact]
    public void A_csharp_call_runs_the_body_before_it_returns()
    {
        // Deterministic: the body's first line runs synchronously inside the call.
        Assert.True(Lesson.Var<bool>("csCallRanBodyFirst"), Lesson.Summary("csOrder"));
    }

    [SkippableFact]
    public void Python_create_task_runs_the_body_only_when_the_caller_suspends()
    {
        SkipWithoutPython();
        // Deterministic: the created task cannot run before the cell's task gives the loop control.
        Assert.Equal(["after create_task", "task body"], Lesson.Var<List<string>>("pyCreateTaskOrder"));
    }

    [Fact]
    public void WhenAll_keeps_argument_order_and_WhenEach_completion_order()
    {
        Assert.True(Lesson.Var<bool>("gatherInArgumentOrder"));
        // Compared with the order the timeline recorded the fetches finishing in: load-independent.
        Assert.True(Lesson.Var<bool>("whenEachInCompletionOrder"));
        // The delays differ by a full "second" (100 ms), so the finishing order is the delays' order.
        Assert.Equal(["fast", "medium", "slow"], Lesson.Var<List<string>>("completionOrder"));
    }

    [Fact]
    public void Main_that_does_not_wait_ends_before_its_tasks_and_awaiting_WhenAll_fixes_it()
    {
        Assert.True(Lesson.Var<bool>("mainEndedBeforeTasks"));
        // main waits 0.5 "s"; "world" needs 2 "s": it is still running whatever the load.
        Assert.True(Lesson.Var<int>("stillRunningWhenMainEnded") >= 1);
        Assert.True(Lesson.Var<bool>("mainEndedAfterTasks"));
    }

    [Fact]
    public void Exceptions_reach_the_awaiter_and_WhenAll_keeps_them_all()
    {
        Assert.Equal("fetch went wrong", Lesson.Var<string>("caught"));
        Assert.Equal(2, Lesson.Var<List<string>>("allFailures").Count);
        Assert.True(Lesson.Var<bool>("awaitThrewFirstOfList"));
        // WhenAll only throws once C (3 "s") is done, not when B fails at 1 "s": at least 0.9 × 3.
        Assert.InRange(Lesson.Var<double>("awaitThrewAfter") / 3, 0.9, 2.0);
    }

    [Fact]
    public void WhenAll_waits_for_the_last_job_before_it_throws()
    {
        // Read off one timeline: the caller's bar ends no earlier than the last job's (C at 3 "s").
        Assert.True(Lesson.Var<bool>("whenAllWaitedForAll"));
    }

    [SkippableFact]
    public void Gather_raises_at_the_first_failure_and_leaves_the_others_running_TaskGroup_cancels_them()
    {
        SkipWithoutPython();
        Assert.Equal("B went wrong", Lesson.Var<string>("pyGatherRaised"));
        var whenRaised = Lesson.Var<Dictionary<string, string>>("pyGatherStatesWhenRaised");
        Assert.Equal(("running", "failed", "running"), (whenRaised["A"], whenRaised["B"], whenRaised["C"]));
        var later = Lesson.Var<Dictionary<string, string>>("pyGatherStatesLater");
        Assert.Equal(("failed", "failed", "finished"), (later["A"], later["B"], later["C"]));
        // gather's caller gave up before the last job ended (read off one timeline); B fails at 1 "s", C ends
        // at 3: the caller's end lies between 0.9 (timer rounding) and 2 (halfway to C), whatever the load.
        Assert.True(Lesson.Var<double>("pyGatherCallerEnd") < Lesson.Var<double>("pyGatherLastJobEnd"));
        Assert.InRange(Lesson.Var<double>("pyGatherCallerEnd"), 0.9, 2.0);

        Assert.Equal("B went wrong", Lesson.Var<string>("pyTaskGroupRaised"));
        var group = Lesson.Var<Dictionary<string, string>>("pyTaskGroupStates");
        Assert.Equal(("cancelled", "failed", "cancelled"), (group["A"], group["B"], group["C"]));
        Assert.InRange(Lesson.Var<double>("pyTaskGroupCallerEnd"), 0.9, 2.0);
    }

    [Fact]
    public void A_linked_token_cancelled_by_the_first_failure_stops_the_siblings()
    {
        var states = Lesson.Var<Dictionary<string, string>>("groupStates");
        Assert.Equal(("cancelled", "failed", "cancelled"), (states["A"], states["B"], states["C"]));
        Assert.Equal("B went wrong", Lesson.Var<string>("groupCaught"));
        Assert.Equal(1, Lesson.Var<int>("groupFailureCount")); // the cancelled siblings add no exception
        // Read off one timeline: the caller's bar ended nearer B's failure than C's planned end, whatever the load.
        Assert.True(Lesson.Var<bool>("groupCallerEndedBeforeC"));
        // B fails at 1 "s", and the siblings stop then, never before (0.9 allows timer rounding).
        Assert.True(Lesson.Var<double>("groupCallerSeconds") >= 0.9, $"the caller ended at {Lesson.Var<double>("groupCallerSeconds"):F2} \"s\", before B failed");
        Assert.True(Lesson.Var<double>("groupCallerSeconds") < Lesson.Var<double>("awaitThrewAfter"));
    }

    [SkippableFact]
    public void TaskGroup_the_asyncio_twin_stops_the_siblings_at_the_first_failure_too()
    {
        SkipWithoutPython();
        var states = Lesson.Var<Dictionary<string, string>>("pySiblingStates");
        Assert.Equal(("cancelled", "failed", "cancelled"), (states["A"], states["B"], states["C"]));
        Assert.InRange(Lesson.Var<double>("pySiblingsCallerEnd"), 0.9, 2.0);
    }

    [Fact]
    public void A_token_stops_the_work_and_WaitAsync_only_stops_the_waiting()
    {
        Assert.Equal("cancelled", Lesson.Var<string>("tokenOutcome"));
        Assert.Equal("timed out", Lesson.Var<string>("waitOutcome"));
        // Both give up at 2 "s" of a 5 "s" job: never before (0.9 allows timer rounding), and well before 5.
        Assert.InRange(Lesson.Var<double>("cancelledAfter") / 2, 0.9, 2.0);
        Assert.InRange(Lesson.Var<double>("gaveUpAfter") / 2, 0.9, 2.0);
        Assert.True(Lesson.Var<bool>("jobRanOnAfterTimeout"));
    }

    [Fact]
    public void The_exercise_checks_say_not_yet_as_committed_and_done_when_solved()
    {
        Assert.False(Lesson.Var<bool>("exercise21Passed"), "The committed TODO (three awaits in a row) should not pass.");
        Assert.False(Lesson.Var<bool>("exercise22Passed"), "The committed TODO (no timeout) should not pass.");
        Assert.True(Solution.Var<bool>("exercise21Passed"), Solution.Describe());
        Assert.True(Solution.Var<bool>("exercise22Passed"), Solution.Describe());
    }

    [Fact]
    public void Exercise_2_2_says_not_yet_as_committed_and_done_only_when_the_download_itself_was_cancelled()
    {
        // What the learner reads: the check's own line.
        Assert.Contains("⏳ Exercise 2.2: not yet.", Lesson.Text);
        Assert.DoesNotContain("✅ Exercise 2.2", Lesson.Text);
        Assert.Contains("✅ Exercise 2.2: done.", Solution.Text);
        // The solved download ended cancelled at 1 "s" of its 10: never before the token fired (0.9 allows timer
        // rounding), and below 5, halfway to the 10 it takes uncancelled (the check's own bound).
        Assert.Equal("cancelled", Solution.Var<string>("outcome"));
        Assert.InRange(Solution.Var<double>("downloadSeconds"), 0.9, 5.0);
        // The same check refuses an answer that only stops waiting: WaitAsync(second) left the download running.
        Assert.False(Solution.Var<bool>("waitAsyncOnlyPasses"), Solution.Summary("waitAsyncOnlyPasses"));
        Assert.InRange(Solution.Var<double>("waitOnlySeconds"), 0.9, 5.0);
        // Nor an answer whose awaited task is cancelled while the download behind it runs on: WaitAsync(token) on a
        // download given no token. That task ends cancelled at 1 "s" (what the check once took for success); the
        // download never saw the token, so it was still running, and SlowDownload counted no stop.
        Assert.True(Solution.Var<bool>("waitAsyncTokenTaskCancelled"), Solution.Summary("waitAsyncTokenTaskCancelled"));
        Assert.True(Solution.Var<bool>("waitAsyncTokenDownloadRanOn"), Solution.Summary("waitAsyncTokenDownloadRanOn"));
        Assert.False(Solution.Var<bool>("waitAsyncTokenPasses"), Solution.Summary("waitAsyncTokenPasses"));
    }
}
