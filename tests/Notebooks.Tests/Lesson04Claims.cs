namespace Notebooks.Tests;

/// <summary>
/// The claims lesson 04 makes in its prose, asserted on the values the notebook computed in its own run:
/// ratios and orderings only, with margins wide enough for a loaded 2-core machine.
/// </summary>
public class Lesson04Claims
{
    private const string Lesson = "04-blocking-threads-and-cpu.ipynb";
    private const string Solution = "solutions/04-blocking-threads-and-cpu.ipynb";

    // The notebook's Timeline lives in the script's load context: read its spans by reflection, for messages.
    [Fact]
    public void A_blocking_coroutine_delays_the_start_of_the_other_one()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        // The good coroutine could not even start until the bad one had let go of the loop.
        Assert.True(run.Var<double>("goodStartMs") >= run.Var<double>("badEndMs"),
            $"good started at {run.Var<double>("goodStartMs")} ms, bad ended at {run.Var<double>("badEndMs")} ms");
        // So the pair took the sum of two requests (about 2×), not one.
        Assert.True(run.Var<double>("seedPairOverOneRequest") >= 1.5, $"pair / one request = {run.Var<double>("seedPairOverOneRequest")}");
    }

    [Fact]
    public void On_one_loop_thread_blocking_waits_add_up_and_awaited_waits_overlap()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var request = 2 * run.Var<TimeSpan>("second").TotalSeconds;
        var (blocking, awaited, ratio) = (run.Var<double>("blockingLoopSeconds"), run.Var<double>("asyncLoopSeconds"), run.Var<double>("blockingOverAsync"));
        var (blockingWaits, asyncWaits) = (run.Var<double>("blockingWaitsOverRun"), run.Var<double>("asyncWaitsOverRun"));
        var figures = $"blocking {blocking:F2} s, async {awaited:F2} s, ratio {ratio:F2} (one request {request:F2} s); " +
                      $"the sum of a run's waits over its time: blocking {blockingWaits:F2}, async {asyncWaits:F2}";
        // Five equal waits. A sleep is never short, so the blocking loop takes at least their sum, however busy the
        // machine, and its waits never overlap: their sum fits in the run's time (1.02: the clocks' rounding).
        Assert.True(blocking >= 5 * request * 0.95, figures);
        Assert.True(blockingWaits <= 1.02, figures);
        // The lesson's "about 5×", measured on the async run's own bars: five waits in the time of about one. They
        // all start at once and their timers fall due together, so a busy machine that wakes them late stretches
        // every wait and the run alike, and the figure stays near 5; waits taken one after another would give 1.
        Assert.True(asyncWaits >= 4, figures);
        // Across the two runs: however late the async run woke, it did not take the blocking run's sum.
        Assert.True(ratio >= 1.5, figures);
    }

    [Fact]
    public void Sleeping_items_starve_the_pool_and_later_items_start_later()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var holdMs = run.Var<TimeSpan>("holdFor").TotalMilliseconds;
        var first = run.Var<double>("sleepFirstItemsMeanStartMs");
        var last = run.Var<double>("sleepLastItemsMeanStartMs");
        // The pool is capped at a third of the items: the last ones start two waves (2 holds) after the first
        // ones; one hold leaves room for timing noise.
        Assert.True(last - first >= 1.0 * holdMs, $"first items started at {first:F0} ms on average, the last at {last:F0} ms (hold {holdMs} ms)");
        Assert.True(run.Var<bool>("capped"), "the pool refused the cap");
        Assert.True(run.Var<double>("sleepStartSpreadMs") >= 1.0 * holdMs, $"start spread {run.Var<double>("sleepStartSpreadMs")} ms");
    }

    [Fact]
    public void Without_a_cap_the_starvation_rule_adds_threads_at_most_one_per_look_every_half_second()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var figures = run.Summary("injectionTimesMs") + "; reasons: " + run.Summary("uncappedGoalChangeReasons");
        // The goal was pinned to the threads the pool had, and three more items queued: the pool grew.
        Assert.True(run.Var<bool>("goalPinned"), "the pool refused the minimum or the momentary cap");
        Assert.True(run.Var<int>("uncappedThreadsPeak") > run.Var<int>("uncappedThreadsAtStart"), figures);
        // Every thread slept and nothing completed, so hill climbing had nothing to measure: the first rise of the goal
        // above what the pool ran at once came from the gate thread's starvation rule, as the runtime's own event says.
        Assert.Equal("Starvation", run.Var<string>("uncappedFirstRaiseReason"));
        // At most one starvation step per 500 ms look, and a new thread's first item restarts the 500 ms: the steps
        // stay well apart (a busy CPU only lengthens the gap), far from Task.Wait's rescue of several threads at once.
        var gaps = run.Var<double[]>("injectionGapsMs");
        if (gaps.Length > 0) Assert.True(run.Var<double>("meanInjectionGapMs") >= 250, figures);
    }

    [Fact]
    public void Without_a_cap_the_queue_waits_while_the_thread_count_climbs_and_the_last_item_starts_before_any_wakes()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var items = run.Var<int>("uncappedItems");
        var figures = $"{items} items, {run.Var<int>("uncappedAtOnce")} at once; queue peak {run.Var<long>("uncappedQueuePeak")} " +
                      $"with {run.Var<int>("uncappedThreadsAtQueuePeak")} threads; last start {run.Var<double>("lastStartMs"):F0} ms " +
                      $"with {run.Var<int>("uncappedThreadsAtLastStart")} threads; first wake {run.Var<double>("firstWakeMs"):F0} ms; " +
                      "thread steps " + run.Summary("threadSteps");
        // The runtime's queue-length counter: at least the three extra items waited (the kernel's own work may add to
        // them), at a moment when the pool had fewer threads than items.
        Assert.True(run.Var<long>("uncappedQueuePeak") >= 3, figures);
        Assert.True(run.Var<int>("uncappedThreadsAtQueuePeak") < items, figures);
        // The runtime's thread count only climbed while the items slept.
        Assert.True(run.Var<bool>("uncappedThreadCountNeverFell"), figures);
        // Threads arriving, not work finishing, let the last item start: before any sleeper woke, with a thread per item.
        Assert.True(run.Var<bool>("uncappedAllStartedBeforeWake"), figures);
        Assert.True(run.Var<int>("uncappedThreadsAtLastStart") >= items, figures);
        // "A second or more after it was queued": three starvation steps, each at a look at least 500 ms after a
        // thread last took an item, cannot all come within the first second (load only spaces them further).
        Assert.True(run.Var<double>("lastStartMs") >= 1000, figures);
    }

    [Fact]
    public void Awaiting_items_all_start_at_once()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.True(run.Var<double>("asyncStartSpreadMs") < run.Var<double>("sleepStartSpreadMs"));
        Assert.True(run.Var<double>("sleepSpreadOverAsyncSpread") >= 5, $"spread ratio {run.Var<double>("sleepSpreadOverAsyncSpread")}");
    }

    [Fact]
    public void The_pool_adds_threads_for_items_blocked_in_Task_Wait()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var (start, peak) = (run.Var<int>("waitThreadsAtStart"), run.Var<int>("waitThreadsPeak"));
        Assert.True(run.Var<bool>("waitGoalPinned"), "the pool refused the settings that pin its goal");
        Assert.True(peak > start, $"pool threads: {start} at start, {peak} at most");
        // The goal was pinned to the threads the pool had and the items outnumber it, so the pool had to raise its goal;
        // the runtime's own events give the reason: threads blocked waiting on tasks.
        var reasons = run.Var<List<string>>("waitGoalChangeReasons");
        Assert.True(run.Var<int>("waitCooperativeBlockingChanges") >= 1,
            $"pool threads {start} to {peak}; goal changes for: {(reasons.Count == 0 ? "none reached the listener" : string.Join(", ", reasons))}");
    }

    [SkippableFact]
    public void Asyncio_debug_mode_names_the_task_whose_step_held_the_loop_and_other_timers_wait_for_it()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Skip.IfNot(run.Var<bool>("pythonConnected"),
            "No Python kernel in this run (Python 3 with ipykernel is missing): the Python cells printed the install hint instead.");
        var warning = run.Var<string>("pySlowWarning");
        var (hog, longest, median) = (run.Var<double>("pyHogReportedSeconds"), run.Var<double>("pyLongestTimerDelayMs"), run.Var<double>("pyMedianTimerDelayMs"));
        var figures = $"warning: '{warning}'; hog {hog:F3} s; ticker late by {longest:F1} ms at worst, {median:F1} ms median";
        // The asyncio logger's warning, caught live on the kernel's own loop, names the hog's task.
        Assert.StartsWith("Executing <Task", warning);
        Assert.Contains("name='hog'", warning);
        // time.sleep(0.2) never returns early, and the loop times the step on the same monotonic clock.
        Assert.True(hog >= 0.2, figures);
        // The ticker's timer fell due during the step and ran after it: late by most of the step, against a median
        // wake-up that was on time (a loaded machine delays every wake-up a little, never by a good part of 0.2 s).
        Assert.True(longest >= 0.5 * hog * 1000, figures);
        Assert.True(median * 4 <= longest, figures);
        // Debug mode, slow_callback_duration, the logger and the coroutine origin tracking depth are as they were.
        Assert.True(run.Var<bool>("pyDebugRestored"), figures);
    }

    [Fact]
    public void Task_Run_keeps_the_seeds_completion_order_and_calling_on_the_loop_does_not()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.True(new[] { "async task 1", "blocking task", "async task 2" }.SequenceEqual(run.Var<List<string>>("toThreadOrder")),
            "with Task.Run: " + run.Summary("toThread"));
        Assert.Equal(new[] { "blocking task", "async task 1", "async task 2" }, run.Var<List<string>>("onTheLoopOrder"));
        // 6 "seconds" against 4: blocking on the loop shifts everything right.
        Assert.True(run.Var<double>("onTheLoopOverToThread") >= 1.2, $"on the loop / with Task.Run = {run.Var<double>("onTheLoopOverToThread")}");
    }

    [Fact]
    public void Async_alone_computes_on_one_thread_one_job_after_the_other()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(1, run.Var<int>("asyncAloneThreads"));
        Assert.True(run.Var<double>("asyncAloneOverlap") <= 0.01, $"overlap {run.Var<double>("asyncAloneOverlap")}");
        // The lesson's claim is about async alone's own run: its time is the sum of its two jobs. Measured inside one
        // run, so a busy machine slows both sides alike (a ratio to the separate sequential run would move with the
        // noise of either of two wall-clock runs).
        // Arithmetic: makespan >= a + b - overlap, and overlap <= 0.01 * min(a, b) <= 0.005 * (a + b), so >= 0.995.
        Assert.True(run.Var<double>("asyncAloneOverItsJobsSum") >= 0.995, $"async alone / its two jobs = {run.Var<double>("asyncAloneOverItsJobsSum")}");
    }

    [Fact]
    public void Task_Run_and_Parallel_For_compute_side_by_side()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        // Overlap in wall-clock time holds even when the machine is busy (the speed-up, printed, does not).
        Assert.True(run.Var<double>("taskRunOverlap") >= 0.5, $"Task.Run overlap {run.Var<double>("taskRunOverlap")}");
        Assert.True(run.Var<double>("parallelOverlap") >= 0.3, $"Parallel.For overlap {run.Var<double>("parallelOverlap")}");
    }

    [Fact]
    public void Continuations_hop_threads_without_a_context_and_stay_home_with_one()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(1, run.Var<int>("threadsWithContext"));
        Assert.True(run.Var<int>("threadsWithoutContext") >= 2, $"threads without a context: {run.Var<int>("threadsWithoutContext")}: " + run.Summary("noContext"));
        Assert.True(run.Var<bool>("configureAwaitFalseLeftTheLoop"));
        // On an already-completed task await does not suspend: ConfigureAwait(false) stays on the loop thread.
        Assert.True(run.Var<bool>("completedConfigureAwaitFalseStayedOnTheLoop"), run.Summary("configureAwait"));
    }

    [Fact]
    public void A_default_TaskCompletionSource_runs_the_continuation_inline_inside_SetResult()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        // Default options: the code after await ran on the completer's own thread, before SetResult returned.
        Assert.True(run.Var<bool>("inlineContinuationOnCompleter"), run.Summary("inline"));
        Assert.True(run.Var<bool>("inlineContinuationBeforeSetResultReturned"), run.Summary("inline"));
        // RunContinuationsAsynchronously: queued to the pool, so another thread than the (non-pool) completer.
        Assert.True(run.Var<bool>("asyncContinuationElsewhere"), run.Summary("asynchronous"));
    }

    [Fact]
    public void The_exercises_start_unsolved_and_the_solutions_solve_them()
    {
        var lesson = NotebookRuns.GetGreen(Lesson);
        Assert.False(lesson.Var<bool>("exercise1Done"));
        Assert.False(lesson.Var<bool>("exercise2Done"));

        var solution = NotebookRuns.GetGreen(Solution);
        Assert.True(solution.Var<bool>("exercise1Done"), $"four downloads took {solution.Var<double>("exercise1OverOneDownload"):F2}× one");
        Assert.True(solution.Var<bool>("exercise2Done"), $"longest heartbeat gap {solution.Var<TimeSpan>("longestHeartbeatGap")}");
        Assert.DoesNotContain("⏳", solution.Text);
    }
}
