using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// What the player shows, asked as plain values (what lesson 05 reads off its players): the ticks and their times,
/// the lines printed and when, the tasks and their steps, and per tick the ready queue, what joined it and the timers.
/// Each answer agrees with the player's frames.
/// </summary>
public sealed class LoopPlayerQueryTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Ticks_printed_lines_and_tasks_are_those_of_the_run()
    {
        var player = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer();

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], player.Ticks.Select(t => t.Number));
        Assert.Equal([0.0, 0, 1, 1, 1, 2, 2, 2], player.Ticks.Select(t => t.Time.TotalSeconds));
        Assert.Equal([(4L, "hello"), (7L, "world"), (8L, "time: 2.00")], player.Printed);
        Assert.Equal(["main", "say_after(1, hello)", "say_after(2, world)"], player.Tasks);
        Assert.Equal(player.Frames.SelectMany(f => f.Printed), player.Printed.Select(p => p.Text));
    }

    [Fact]
    public void A_tasks_steps_say_when_it_ran_what_woke_it_and_what_it_then_awaited()
    {
        var player = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer();

        Assert.Equal(
            [(1L, null, "task say_after(1, hello)"), (5L, "task say_after(1, hello)", "task say_after(2, world)"), (8L, "task say_after(2, world)", null)],
            player.StepsOf("main"));
        Assert.Equal([(2L, null, "sleep 2 s, due at 2.000 s"), (7L, "sleep 2 s, due at 2.000 s", null)], player.StepsOf("say_after(2, world)"));
        Assert.Empty(player.StepsOf("no such task"));
        // The ticks a task stepped in are the frames whose current tasks include it.
        Assert.Equal(player.Frames.Where(f => f.CurrentTasks.Contains("main")).Select(f => f.Tick.Number), player.StepsOf("main").Select(s => s.Tick));
    }

    [Fact]
    public void Per_tick_the_queue_what_joined_it_and_the_timers_after_it()
    {
        var player = EventLoopPlayerDataTests.Puzzle().ToPlayer();

        Assert.Equal(["step main"], player.Queue(1));
        Assert.Equal(["print A", "print C (cancelled)", "step main", "print B (timer)"], player.Queue(2));
        Assert.Equal(["print A", "print C", "step main"], player.JoinedDuring(1));
        Assert.Equal([("print B (timer)", S(0)), ("in 5 s", S(5))], player.TimersAfter(1));
        Assert.Equal([("in 5 s", S(5))], player.TimersAfter(2));
        Assert.Equal(player.Frame(2).JoinedQueue.Select(c => c.Label), player.JoinedDuring(2));
    }

    [Fact]
    public void A_tick_that_was_not_recorded_is_refused_with_the_range_there_is()
    {
        var player = EventLoopPlayerDataTests.Puzzle().ToPlayer();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => player.Queue(3));
        Assert.Equal("tick", error.ParamName);
        Assert.Contains("ticks 1 to 2 are", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => player.TimersAfter(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => player.JoinedDuring(-1));
    }
}
