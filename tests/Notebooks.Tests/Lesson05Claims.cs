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
    public void Gather_keeps_argument_order_and_as_completed_gives_completion_order()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal("slow, fast, middle", run.Var<string>("gatherOrder"));
        Assert.Equal(3.0, run.Var<double>("gatherSeconds"), 9);
        Assert.Equal("fast, middle, slow", run.Var<string>("asCompletedOrder"));
    }

    [Fact]
    public void The_puzzles_come_out_as_the_prose_says()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal("A C main B", run.Var<string>("puzzleOrder"));
        Assert.Equal("1 2 main 1b", run.Var<string>("puzzle2Order"));
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
    public void A_blocking_call_delays_the_other_tasks_and_to_thread_does_not()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        // About 3x (300 ms against 100 ms); 1.8 leaves room for a loaded machine.
        Assert.True(run.Var<double>("task1DelayRatio") >= 1.8, $"task 1 blocked / threaded = {run.Var<double>("task1DelayRatio")}");
        // About 1.5x (6 "seconds" against 4).
        Assert.True(run.Var<double>("blockedOverThreaded") >= 1.2, $"total blocked / threaded = {run.Var<double>("blockedOverThreaded")}");
    }

    [Fact]
    public void The_lesson_leaves_the_exercises_open_and_the_solution_solves_them()
    {
        var lesson = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(6.0, lesson.Var<double>("exercise1Seconds"), 9);
        Assert.Contains("⏳ Exercise 1", lesson.Text);
        Assert.Contains("⏳ Exercise 2", lesson.Text);

        var solution = NotebookRuns.GetGreen(Solution);
        Assert.Equal(3.0, solution.Var<double>("exercise1Seconds"), 9);
        Assert.Equal(solution.Var<string>("exercise2Actual"), solution.Var<string>("myPrediction"));
        Assert.Contains("✅ Exercise 1", solution.Text);
        Assert.Contains("✅ Exercise 2", solution.Text);
    }
}
