using NotebookRunner.Execution;

namespace Notebooks.Tests;

/// <summary>
/// The claims lesson 05 makes in its prose, asserted on the values the notebook computed in its own run.
/// Virtual-time values are exact (the loop's clock is virtual); real-time ones are ratios with wide margins.
/// </summary>
public class Lesson05Claims
{
    private const string Lesson = "05-event-loop-internals.ipynb";
    private const string Solution = "solutions/05-event-loop-internals.ipynb";

    [Fact]
    public void The_mini_loop_runs_main_then_the_callbacks_then_main_again()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(5, run.Var<int>("miniTicks"));
    }

    [Fact]
    public void Say_after_takes_three_seconds_sequentially_and_two_with_tasks()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(3.0, run.Var<double>("sequentialSeconds"), 9);
        Assert.Equal(2.0, run.Var<double>("tasksSeconds"), 9);
        Assert.Equal(1.5, run.Var<double>("sequentialOverTasks"), 9);
        Assert.Equal(5, run.Var<int>("sequentialTicks")); // the p0–p3 walkthrough has five ticks
    }

    [Fact]
    public void The_sequential_players_ticks_are_those_the_answer_names()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal([0.0, 1.0, 1.0, 3.0, 3.0], run.Var<double[]>("sequentialTickSeconds")); // ticks 1, 2–3, 4–5
        Assert.Equal(3L, run.Var<long>("sequentialHelloTick"));                             // "Tick 3 (1 s) … prints hello"
        Assert.Equal(1, run.Var<int>("sequentialTaskCount"));                               // "the tasks list holds one task, main"
        Assert.Equal("sleep 1 s timer (main)", run.Var<string>("sequentialTimerAfterTick1")); // the one timer after tick 1
    }

    [Fact]
    public void The_create_task_players_ticks_are_those_the_answer_names()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(2L, run.Var<long>("tasksFirstStepTick"));       // both first steps in tick 2
        Assert.Equal(2, run.Var<int>("tasksTimersAfterFirstSteps")); // two timers wait after it
        Assert.Equal(4L, run.Var<long>("tasksHelloTick"));
        Assert.Equal(5L, run.Var<long>("tasksMainPastTask1Tick"));   // one tick after task1 finished
        Assert.Equal(7L, run.Var<long>("tasksWorldTick"));
        Assert.Equal(8, run.Var<int>("tasksTicks"));
    }

    [Fact]
    public void Gather_keeps_argument_order_and_as_completed_gives_completion_order()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal("slow, fast, middle", run.Var<string>("gatherOrder"));
        Assert.Equal(3.0, run.Var<double>("gatherSeconds"), 9);
        Assert.Equal("fast, middle, slow", run.Var<string>("asCompletedOrder"));
    }

    [Fact]
    public void Gather_wakes_main_once_after_the_last_task_and_as_completed_after_each()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal([4L, 6L, 8L], run.Var<long[]>("gatherFinishedTicks")); // fast, middle, slow
        Assert.Equal([1L, 9L], run.Var<long[]>("gatherMainTicks"));
        // Real time: fast finishes at ~100 ms and slow at ~300 ms; main hands fast over after one thread-pool hop,
        // which would have to take 200 ms for this to fail.
        Assert.True(run.Var<long>("gaveFastTick") < run.Var<long>("slowFinishedTick"),
            $"as_completed gave fast in tick {run.Var<long>("gaveFastTick")}, slow finished in tick {run.Var<long>("slowFinishedTick")}");
    }

    [Fact]
    public void The_puzzles_come_out_as_the_prose_says()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal("A C main B", run.Var<string>("puzzleOrder"));
        Assert.Equal("print B (timer)", run.Var<string>("puzzleTimersAfterTick1"));
        Assert.Equal("print A | print C | step main | print B (timer)", run.Var<string>("puzzleQueueInTick2"));
        Assert.Equal("1 2 main 1b", run.Var<string>("puzzle2Order"));
        Assert.Equal("print 1b", run.Var<string>("puzzle2JoinedInTick2"));
        Assert.Equal(3L, run.Var<long>("puzzle2OneBTick"));
    }

    /// <summary>
    /// Section 6: with Python connected, CPython's VirtualTimeLoop gives the very tick tables of EventLoop for the
    /// four programs; without it (the stand-in), the Python cells say what to install and the C# cell skips.
    /// </summary>
    [Fact]
    public void CPythons_ticks_equal_EventLoops_when_Python_is_connected()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        if (run.Var<bool>("pythonConnected"))
        {
            Assert.Equal(4, run.Var<int>("comparedPrograms"));
            Assert.True(run.Var<bool>("cpythonTicksEqual"), "CPython's tick tables differ from EventLoop's:\n" + run.Text);
            Assert.Contains("CPython's ticks equal EventLoop's in all 4 programs: True", run.Text);
        }
        else
        {
            Assert.Contains("Python cell not run", run.Text);
            Assert.Contains("Skipped: no Python kernel is connected", run.Text);
            Assert.Equal(0, run.Var<int>("comparedPrograms"));
            Assert.False(run.Var<bool>("cpythonTicksEqual"));
        }
    }

    /// <summary>
    /// Section 6, your own program: the learner's Python cell is recorded on CPython's own loop (record(main())), read
    /// by LoopPlayer.FromRecording and set beside the same program on EventLoop. Judged only where Python connected.
    /// </summary>
    [SkippableFact]
    public void The_learners_program_plays_from_CPythons_loop_and_agrees_with_EventLoop_but_for_asyncios_bookkeeping()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Skip.IfNot(run.Var<bool>("pythonConnected"), "Python did not connect: the lesson showed EventLoop's player alone.");

        // The recording was read: its ticks, how it ended, which Python ran it.
        Assert.True(run.Var<int>("cpythonTicks") > 0);
        Assert.Equal("completed", run.Var<string>("cpythonEnded"));
        Assert.Matches(@"^3\.(1[1-9]|[2-9]\d)\.\d+", run.Var<string>("cpythonVersion"));
        // "CPython needs one tick more than EventLoop's 8": tick 9 runs only asyncio's bookkeeping.
        Assert.Equal(8, run.Var<int>("eventLoopTicks"));
        Assert.Equal(9, run.Var<int>("cpythonTicks"));
        // "The players agree tick for tick ... one difference, explained": CPython's tick 9 stops the loop.
        Assert.True(run.Var<bool>("playersAgree"), "the players differ:\n" + run.Text);
        Assert.Equal(0, run.Var<int>("unexplainedDifferences"));
        Assert.Equal(["CPython tick 9 runs only stop the loop (run_until_complete); C# has no such tick (asyncio's bookkeeping)"],
            run.Var<string[]>("explainedDifferences"));
        // "each task is shown at the line of your cell where it is suspended" (step to tick 2).
        Assert.Equal(["main: await task1", "say_after(1, hello): await asyncio.sleep(delay)", "say_after(2, world): await asyncio.sleep(delay)"],
            run.Var<string[]>("cpythonWaitingAfterTick2"));
        Assert.Contains("The players agree tick for tick", run.Text);
    }

    /// <summary>Without Python the section still runs (the solution's run with Python hidden): the C# cell says what it
    /// skips, EventLoop's player shows alone, and exercise 3's check reads its tick off EventLoop.</summary>
    [Fact]
    public void Without_Python_the_learners_section_shows_EventLoops_player_alone()
    {
        var run = NotebookRuns.GetGreen(NotebookRuns.SolutionWithoutPython);
        Assert.False(run.Var<bool>("pythonConnected"), "Python was not hidden from this run");
        Assert.Equal(8, run.Var<int>("eventLoopTicks"));
        Assert.Contains("there is no recording of CPython's loop", run.Text);
        Assert.Equal(0, run.Var<int>("cpythonTicks"));
        Assert.False(run.Var<bool>("playersAgree"));
        // The cell that would set the two players side by side shows EventLoop's player, a player of its own.
        var alone = run.Result.Cells.Single(c => c.Outputs.OfType<StreamOutput>().Any(o => o.Text.ToString().Contains("EventLoop's run alone", StringComparison.Ordinal)));
        var html = alone.Outputs.OfType<DisplayOutput>().Select(d => d.Data.GetValueOrDefault("text/html") ?? "").ToList();
        Assert.Single(html, h => h.Contains("class=\"clp-data\"", StringComparison.Ordinal) && !h.Contains("class=\"clp-rows\"", StringComparison.Ordinal));
        // Exercise 3: the answer (tick 4) is checked on EventLoop's run, and the check says so.
        Assert.Equal("EventLoop", run.Var<string>("exercise3CheckedOn"));
        Assert.Contains("✅ Exercise 3", run.Text);
        Assert.Contains("Checked on EventLoop, as no Python is connected: \"done\" prints in tick 4.", run.Text);
    }

    /// <summary>Exercise 3: "done" prints in tick 4, on CPython's loop (read off its recording) and on EventLoop alike;
    /// the check reads CPython's recording wherever Python connected.</summary>
    [Fact]
    public void Exercise_3s_answer_is_read_off_CPythons_recording_and_EventLoop_agrees()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(4L, run.Var<long>("exercise3EventLoopDoneTick"));
        Assert.Equal(4L, run.Var<long>("exercise3DoneTick"));
        Assert.Equal(run.Var<bool>("pythonConnected") ? "CPython" : "EventLoop", run.Var<string>("exercise3CheckedOn"));
    }

    [Fact]
    public void A_future_set_by_a_timer_wakes_main_one_tick_later()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(42, run.Var<int>("futureValue"));
        Assert.Equal(1.0, run.Var<double>("futureAt"), 9);
        Assert.Equal(3L, run.Var<long>("futureTick"));
    }

    [Fact]
    public void The_seed_004_chart_draws_the_blocking_step_once_as_Blocked_in_seed_seconds()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal("time.sleep(2) (Blocked)", run.Var<string>("blockingTaskBars")); // one bar, not a Cpu step beside it
        Assert.DoesNotContain("event loop", run.Var<string[]>("blockedChartLanes"));
        // The 200 ms sleep drawn in seed seconds (1 s = 100 ms) is about 2 s: unscaled it would be 0.2, counted in
        // milliseconds 200. A sleep runs long on a loaded machine, never 10x long, hence the wide upper margin.
        Assert.InRange(run.Var<double>("blockedChartSleepSeconds"), 1.9, 20.0);
    }

    [Fact]
    public void A_blocking_call_delays_the_other_tasks_and_to_thread_does_not()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        // About 3x (300 ms against 100 ms); 1.8 leaves room for a loaded machine.
        Assert.True(run.Var<double>("task1DelayRatio") >= 1.8, $"task 1 blocked / threaded = {run.Var<double>("task1DelayRatio")}");
        // About 1.5x (6 "seconds" against 4).
        Assert.True(run.Var<double>("blockedOverThreaded") >= 1.2, $"total blocked / threaded = {run.Var<double>("blockedOverThreaded")}");
    }

    [Fact]
    public void The_lesson_leaves_the_exercises_open()
    {
        var lesson = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(6.0, lesson.Var<double>("exercise1Seconds"), 9);
        Assert.Contains("⏳ Exercise 1", lesson.Text);
        Assert.Contains("⏳ Exercise 2", lesson.Text);
        Assert.Contains("⏳ Exercise 3", lesson.Text);
        Assert.Equal(0, lesson.Var<int>("myDoneTick"));
    }

    /// <summary>The solution runs through Jupyter's client (see <see cref="NotebookRuns.SolutionThroughJupyter"/>):
    /// each check cell prints ✅ only when its exercise's condition holds on the values the run computed.</summary>
    [SkippableFact]
    public void The_solution_solves_the_exercises()
    {
        var solution = JupyterRuns.Get(Solution);
        Assert.True(solution.Errors.Count == 0, solution.Describe());
        Assert.Contains("✅ Exercise 1", solution.AllText);
        Assert.Contains("✅ Exercise 2", solution.AllText);
        Assert.Contains("✅ Exercise 3", solution.AllText);
        var checkedOn = solution.AllText.Contains("connected as kernel 'python'", StringComparison.Ordinal) ? "CPython's own loop" : "EventLoop, as no Python is connected";
        Assert.Contains($"Checked on {checkedOn}: \"done\" prints in tick 4.", solution.AllText);
        Assert.DoesNotContain("⏳", solution.AllText);
    }
}
