namespace Notebooks.Tests;

/// <summary>
/// What lesson 02 says, checked on the values its cells computed (100 ms stands for "a second" there).
/// Orderings are deterministic; time ratios have margins far wider than timer and scheduling noise.
/// </summary>
public class Lesson02Claims
{
    private static NotebookRun Lesson => NotebookRuns.Get("02-async-await-basics.ipynb");
    private static NotebookRun Solution => NotebookRuns.Get("solutions/02-async-await-basics.ipynb");

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
    }
}
