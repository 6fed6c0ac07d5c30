namespace Notebooks.Tests;

/// <summary>
/// The claims lesson 06 makes in its prose, asserted on the values the notebook computed in its own run:
/// orders, counts and ratios, never absolute times.
/// </summary>
public class Lesson06Claims
{
    private const string Lesson = "06-async-streams-and-resources.ipynb";
    private const string Solution = "solutions/06-async-streams-and-resources.ipynb";

    [Fact]
    public void Await_using_connects_queries_and_closes_in_the_seeds_order()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(new[] { "Connected to the database", "Querying the database", "Disconnected from the database" },
            run.Var<List<string>>("databaseMessages"));
    }

    [Fact]
    public void Await_using_closes_before_the_exception_is_caught()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(new[] { "Connected to the database", "Disconnected from the database", "caught: the query failed" },
            run.Var<List<string>>("failingMessages"));
    }

    [Fact]
    public void DisposeAsync_is_given_no_exception_and_has_no_way_to_swallow_it()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        // The interface's signature: no parameter, a plain ValueTask (no bool to say "handled").
        Assert.Equal(0, run.Var<int>("disposeAsyncParameterCount"));
        Assert.Equal("ValueTask", run.Var<string>("disposeAsyncReturns"));
        // And the run: DisposeAsync closed the connection, then the same exception reached the caller's catch.
        Assert.Equal("caught: the query failed", run.Var<List<string>>("failingMessages")[^1]);
    }

    [SkippableFact]
    public void Aexit_sees_the_exception_and_swallows_it_by_returning_true()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Skip.IfNot(run.Var<bool>("pythonConnected"), "No Python kernel in this run: the __aexit__ cell is not judged.");
        Assert.Equal(new[]
        {
            "__aexit__ got ValueError('the query failed'), returns True",
            "after async with: no exception",
            "__aexit__ got TimeoutError('no answer'), returns False",
            "caught TimeoutError('no answer')",
        }, run.Var<List<string>>("aexitLog"));
    }

    [Fact]
    public void Without_python_the_aexit_cell_says_what_to_install_and_csharp_goes_on()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        if (!run.Var<bool>("pythonConnected"))
        {
            Assert.Contains("Python cell not run", run.Text);
            Assert.Empty(run.Var<List<string>>("aexitLog"));
        }
        else
            Assert.DoesNotContain("Python cell not run", run.Text);
    }

    [Fact]
    public void The_hand_written_stream_yields_every_value_and_ends_with_one_more_fetch()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, run.Var<List<int>>("streamValues"));
        Assert.Equal(6, run.Var<int>("streamFetches"));
    }

    [Fact]
    public void The_async_generator_is_lazy()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, run.Var<List<int>>("generatorItems"));
        Assert.True(run.Var<bool>("generatorIsLazy"));
    }

    [Fact]
    public void A_cancelled_stream_stops_early_with_an_exception_and_break_cleans_up_at_once()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.True(run.Var<bool>("streamCancelled"));
        // Cancelled after 3.5 of 100 "seconds": a handful of items, far from all of them.
        Assert.InRange(run.Var<List<int>>("cancelledReceived").Count, 1, 10);
        Assert.True(run.Var<bool>("cleanupRanAtBreak"));
    }

    [Fact]
    public void The_bounded_queue_pushes_back_on_the_producer_and_loses_nothing()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(12, run.Var<int>("producedCount"));
        Assert.Equal(run.Var<int>("producedCount"), run.Var<int>("processedCount"));
        Assert.True(run.Var<int>("writesThatWaited") >= 1, "the producer never had to wait");
        Assert.True(run.Var<double>("producerWaitMs") > 0, "the producer's waits took no time");
        // Capacity 3 holds; without a bound the queue takes (nearly) everything at once.
        Assert.InRange(run.Var<int>("boundedPeakDepth"), 1, 3);
        Assert.True(run.Var<int>("unboundedPeakDepth") > 3, $"unbounded peak {run.Var<int>("unboundedPeakDepth")}");
    }

    [Fact]
    public void A_cancelled_token_stops_producer_and_workers_and_RunQueue_throws_at_the_token_not_at_the_end()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        var (seconds, whole) = (run.Var<double>("cancelledQueueSeconds"), run.Var<double>("boundedRunSeconds"));
        var figures = $"{run.Var<string>("cancelledQueueOutcome")} after {seconds:F2} \"s\"; the whole bounded run {whole:F2} \"s\"";
        Assert.EndsWith("CanceledException", run.Var<string>("cancelledQueueOutcome")); // OperationCanceledException or its TaskCanceledException
        // The token fired at 1.5 "s" (never earlier), and RunQueue ended then, before the whole run's time measured in the same run.
        Assert.True(seconds >= 1.4, figures);
        Assert.True(seconds < whole, figures);
    }

    [Fact]
    public void The_semaphore_lets_exactly_three_in_at_once()
    {
        var run = NotebookRuns.GetGreen(Lesson);
        Assert.Equal(3, run.Var<int>("semaphoreMaxConcurrent"));
        // All ten enter in one synchronous loop; only a stall of a whole "second" inside that loop could let
        // the first one finish before the last one starts, so a little slack keeps a loaded machine green.
        Assert.InRange(run.Var<int>("unlimitedMaxConcurrent"), 8, 10);
        // Four rounds instead of one; 2 leaves room for a loaded machine.
        Assert.True(run.Var<double>("limitedOverUnlimited") >= 2, $"limited / unlimited = {run.Var<double>("limitedOverUnlimited")}");
    }

    [Fact]
    public void The_exercises_start_unsolved_and_the_solutions_solve_them()
    {
        var lesson = NotebookRuns.GetGreen(Lesson);
        Assert.False(lesson.Var<bool>("exercise1Done"));
        Assert.False(lesson.Var<bool>("exercise2Done"));

        var solution = NotebookRuns.GetGreen(Solution);
        Assert.True(solution.Var<bool>("exercise1Done"), $"ticks: {string.Join(", ", solution.Var<List<int>>("ticks"))}");
        Assert.True(solution.Var<bool>("exercise2Done"));
        Assert.DoesNotContain("⏳", solution.Text);
    }
}
