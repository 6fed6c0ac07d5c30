using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The player's data comes from the loop's own trace: for known programs, in virtual time, every tick's ready
/// queue (in order, with where each entry came from), the timer heap with due times, what each callback printed,
/// which task it stepped and what that task then awaited, and each task's state, exactly.
/// </summary>
public sealed class EventLoopPlayerDataTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>Lesson 05's say_after with two tasks (asyncio's create_task example): 2 s, 8 ticks.</summary>
    internal static EventLoop SayAfterWithTasks()
    {
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        async Task SayAfter(double delay, string what)
        {
            await loop.Sleep(S(delay));
            loop.Print(what);
        }
        loop.Run(async () =>
        {
            var task1 = loop.CreateTask(() => SayAfter(1, "hello"), "say_after(1, hello)");
            var task2 = loop.CreateTask(() => SayAfter(2, "world"), "say_after(2, world)");
            await task1;
            await task2;
            loop.Print($"time: {loop.Time.TotalSeconds:0.00}");
        });
        return loop;
    }

    /// <summary>call_soon, call_later(0), a cancelled handle and a sleep(0): the ready queue's ordering rules in two ticks.</summary>
    internal static EventLoop Puzzle()
    {
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        loop.Run(async () =>
        {
            loop.CallSoon(() => loop.Print("A"), "print A");
            loop.CallLater(TimeSpan.Zero, () => loop.Print("B"), "print B (timer)");
            var c = loop.CallSoon(() => loop.Print("C"), "print C");
            loop.CallLater(S(5), () => loop.Print("never"), "in 5 s");
            c.Cancel();
            await loop.Sleep(TimeSpan.Zero);
            loop.Print("main");
        });
        return loop;
    }

    private static string[] Labels(IEnumerable<TickCallback> queue) => queue.Select(c => c.Label).ToArray();

    [Fact]
    public void Say_after_ticks_have_the_ready_queue_in_order_with_origins()
    {
        var ticks = SayAfterWithTasks().Ticks;
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], ticks.Select(t => t.Number));
        Assert.Equal([0.0, 0, 1, 1, 1, 2, 2, 2], ticks.Select(t => t.Time.TotalSeconds));
        string[][] queues =
        [
            ["step main"],
            ["step say_after(1, hello)", "step say_after(2, world)"],
            ["sleep 1 s timer (say_after(1, hello))"],
            ["step say_after(1, hello)"],
            ["step main"],
            ["sleep 2 s timer (say_after(2, world))"],
            ["step say_after(2, world)"],
            ["step main"],
        ];
        Assert.Equal(queues, ticks.Select(t => Labels(t.Queue)));
        QueueOrigin[] origins = [QueueOrigin.Scheduled, QueueOrigin.Scheduled, QueueOrigin.TimerDue, QueueOrigin.Scheduled, QueueOrigin.Scheduled, QueueOrigin.TimerDue, QueueOrigin.Scheduled, QueueOrigin.Scheduled];
        Assert.Equal(origins, ticks.Select(t => t.Queue[0].Origin));
        Assert.Equal(QueueOrigin.Scheduled, ticks[1].Queue[1].Origin);
        // The queue is exactly what ran: the tick table and the player agree.
        Assert.All(ticks, t => Assert.Equal(t.Ran, Labels(t.Queue)));
    }

    [Fact]
    public void Say_after_ticks_have_the_timer_heap_with_due_times()
    {
        var ticks = SayAfterWithTasks().Ticks;
        var hello = new PendingTimer("sleep 1 s timer (say_after(1, hello))", S(1));
        var world = new PendingTimer("sleep 2 s timer (say_after(2, world))", S(2));
        PendingTimer[][] heaps = [[], [hello, world], [world], [world], [world], [], [], []];
        Assert.Equal(heaps, ticks.Select(t => t.Timers.ToArray()));
        Assert.Equal(ticks.Select(t => t.TimersPending), ticks.Select(t => t.Timers.Count));
    }

    [Fact]
    public void Each_step_says_which_task_ran_what_woke_it_what_it_awaits_next_and_what_it_printed()
    {
        var ticks = SayAfterWithTasks().Ticks;
        TickCallback Step(int tick, int index = 0) => ticks[tick - 1].Queue[index];

        Assert.Equal(("main", (string?)null, "task say_after(1, hello)", false), Describe(Step(1)));
        Assert.Equal(("say_after(1, hello)", (string?)null, "sleep 1 s, due at 1.000 s", false), Describe(Step(2, 0)));
        Assert.Equal(("say_after(2, world)", (string?)null, "sleep 2 s, due at 2.000 s", false), Describe(Step(2, 1)));
        Assert.Null(Step(3).Task); // the timer is a plain callback: no task is current while it runs
        Assert.Equal(("say_after(1, hello)", "sleep 1 s, due at 1.000 s", (string?)null, true), Describe(Step(4)));
        Assert.Equal(("main", "task say_after(1, hello)", "task say_after(2, world)", false), Describe(Step(5)));
        Assert.Equal(("main", "task say_after(2, world)", (string?)null, true), Describe(Step(8)));
        Assert.Equal(["hello"], Step(4).Printed);
        Assert.Equal(["world"], Step(7).Printed);
        Assert.Equal(["time: 2.00"], Step(8).Printed);
        Assert.Empty(Step(5).Printed);
    }

    private static (string? Task, string? WokenBy, string? Awaits, bool Finished) Describe(TickCallback c) =>
        (c.Task, c.WokenBy, c.Awaits, c.TaskFinished);

    [Fact]
    public void Player_frames_show_what_joined_the_queue_and_every_tasks_state()
    {
        var player = SayAfterWithTasks().ToPlayer();
        Assert.Equal(8, player.Frames.Count);
        Assert.True(player.IsVirtual);
        Assert.False(player.Truncated);
        Assert.Equal(["step say_after(1, hello)", "step say_after(2, world)"], Labels(player.Frame(1).JoinedQueue));
        Assert.Empty(player.Frame(2).JoinedQueue);
        Assert.Equal(["step say_after(1, hello)"], Labels(player.Frame(3).JoinedQueue));
        Assert.Equal(["step main"], Labels(player.Frame(4).JoinedQueue));
        Assert.True(player.Frame(8).IsLast);
        Assert.Empty(player.Frame(8).JoinedQueue); // nothing was left when the loop stopped

        Assert.Equal(
            [
                new TaskSnapshot("main", TaskPhase.Running, "awaits task say_after(1, hello)"),
                new TaskSnapshot("say_after(1, hello)", TaskPhase.Created, "its first step runs in the next tick"),
                new TaskSnapshot("say_after(2, world)", TaskPhase.Created, "its first step runs in the next tick"),
            ],
            player.Frame(1).Tasks);
        Assert.Equal(
            [
                new TaskSnapshot("main", TaskPhase.Waiting, "awaits task say_after(1, hello)"),
                new TaskSnapshot("say_after(1, hello)", TaskPhase.Ready, "woken: its next step runs in the next tick"),
                new TaskSnapshot("say_after(2, world)", TaskPhase.Waiting, "awaits sleep 2 s, due at 2.000 s"),
            ],
            player.Frame(3).Tasks);
        Assert.Equal(
            [
                new TaskSnapshot("main", TaskPhase.Running, "awaits task say_after(2, world)"),
                new TaskSnapshot("say_after(1, hello)", TaskPhase.Done, null),
                new TaskSnapshot("say_after(2, world)", TaskPhase.Waiting, "awaits sleep 2 s, due at 2.000 s"),
            ],
            player.Frame(5).Tasks);
        Assert.Equal(["main"], player.Frame(5).CurrentTasks);
        Assert.Equal(["say_after(1, hello)", "say_after(2, world)"], player.Frame(2).CurrentTasks);
        Assert.Equal(["hello"], player.Frame(4).Printed);
    }

    [Fact]
    public void Puzzle_queue_puts_due_timers_behind_and_shows_the_cancelled_handle_skipped()
    {
        var loop = Puzzle();
        var ticks = loop.Ticks;
        Assert.Equal(2, ticks.Count);
        Assert.Equal(["print A", "print C", "step main", "print B (timer)"], Labels(ticks[1].Queue));
        Assert.Equal([QueueOrigin.Scheduled, QueueOrigin.Scheduled, QueueOrigin.Scheduled, QueueOrigin.TimerDue], ticks[1].Queue.Select(c => c.Origin));
        Assert.Equal([false, true, false, false], ticks[1].Queue.Select(c => c.Cancelled));
        Assert.Equal(["print A", "step main", "print B (timer)"], ticks[1].Ran);
        Assert.Equal([["A"], [], ["main"], ["B"]], ticks[1].Queue.Select(c => c.Printed.ToArray()));
        Assert.Equal([new PendingTimer("print B (timer)", S(0)), new PendingTimer("in 5 s", S(5))], ticks[0].Timers);
        Assert.Equal([new PendingTimer("in 5 s", S(5))], ticks[1].Timers);
        Assert.Equal("sleep(0), a bare yield", ticks[0].Queue[0].Awaits);
        Assert.Equal("sleep(0), a bare yield", ticks[1].Queue[2].WokenBy);
        Assert.Equal(["print A", "print C", "step main"], Labels(loop.ToPlayer().Frame(1).JoinedQueue));
    }

    [Fact]
    public void Work_on_another_thread_comes_back_through_the_inbox_and_futures_name_who_completed_them()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () =>
        {
            var future = loop.CreateFuture<int>();
            loop.CallLater(S(1), () => future.SetResult(42), "timer: set_result(42)");
            await future.Task;
            await loop.ToThread(() => 1);
        });
        var ticks = loop.Ticks;
        Assert.Equal(["step main", "timer: set_result(42)", "step main", "to_thread done", "step main"], ticks.Select(t => t.Queue.Single().Label));
        Assert.Equal(QueueOrigin.OtherThread, ticks[3].Queue.Single().Origin);
        Assert.Equal("a future completed by \"timer: set_result(42)\"", ticks[0].Queue[0].Awaits);
        Assert.Equal("a future completed by \"timer: set_result(42)\"", ticks[2].Queue[0].WokenBy);
        Assert.Equal("to_thread: work on a worker thread", ticks[2].Queue[0].Awaits);
        Assert.Equal("to_thread: work on a worker thread", ticks[4].Queue[0].WokenBy);
    }

    [Fact]
    public void A_task_dropped_at_stop_says_it_was_still_waiting()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () =>
        {
            _ = loop.CreateTask(async () => await loop.Sleep(S(60)), "sleeper");
            await loop.Sleep(S(1));
        });
        var last = loop.ToPlayer().Frames[^1];
        Assert.Equal(new TaskSnapshot("sleeper", TaskPhase.Waiting, "awaits sleep 60 s, due at 60.000 s"), last.Tasks.Single(t => t.Name == "sleeper"));
        Assert.Equal([new PendingTimer("sleep 60 s timer (sleeper)", S(60))], last.Tick.Timers);
    }

    [Fact]
    public void Text_form_shows_one_tick_as_the_player_does()
    {
        var text = SayAfterWithTasks().ToPlayer().FrameText(4);
        Assert.Equal(
            """
            tick 4 at 1.000 s
              ready queue (asyncio: loop._ready), front first: all of it runs in this tick
                1. step say_after(1, hello)  [queued on the loop]
                   woken by sleep 1 s, due at 1.000 s
                   prints "hello"
                   say_after(1, hello) finished
              joined the queue during this tick (runs in the next tick)
                1. step main
              timers (asyncio: loop._scheduled, cancelled ones not shown), soonest first
                due at 2.000 s: sleep 2 s timer (say_after(2, world))
              tasks
                main: ready, woken: its next step runs in the next tick
                say_after(1, hello): running, finished
                say_after(2, world): waiting, awaits sleep 2 s, due at 2.000 s

            """.ReplaceLineEndings(), text.ReplaceLineEndings());
        var all = SayAfterWithTasks().ToPlayer("say_after").ToText(maxFrames: 2);
        Assert.StartsWith("say_after · 8 ticks · virtual time", all);
        Assert.Contains("tick 2 at 0.000 s", all);
        Assert.DoesNotContain("tick 3 at", all);
        Assert.Contains("… 6 more ticks", all);
    }

    [Fact]
    public void Bad_requests_get_clear_errors()
    {
        var untraced = EventLoop.Virtual(trace: false);
        untraced.Run(() => untraced.Sleep(S(1)));
        var error = Assert.Throws<InvalidOperationException>(() => untraced.ToPlayer());
        Assert.Contains("trace: false", error.Message);

        var player = SayAfterWithTasks().ToPlayer();
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => player.Frame(9));
        Assert.Contains("ticks 1 to 8", missing.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => player.ToText(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => player.ToHtml(0));

        var notRun = EventLoop.Virtual().ToPlayer();
        Assert.Empty(notRun.Frames);
        Assert.Contains("Nothing ran", notRun.ToText());
        Assert.Contains("no ticks", Assert.Throws<ArgumentOutOfRangeException>(() => notRun.Frame(1)).Message);
    }

    [Fact]
    public void A_run_too_long_to_record_is_marked_truncated_and_its_ticks_stay_complete()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () =>
        {
            var tasks = new Task[50];
            for (int k = 0; k < tasks.Length; k++)
                tasks[k] = loop.CreateTask(async () => { for (int i = 0; i < 1_000; i++) await loop.Sleep(TimeSpan.Zero); });
            await Task.WhenAll(tasks);
        });
        var player = loop.ToPlayer();
        Assert.True(player.Truncated);
        Assert.InRange(player.Frames.Count, 2, 1_000);
        Assert.All(player.Frames.Skip(1), f => Assert.Equal(50, f.Tick.Queue.Count)); // every recorded tick is whole
        Assert.Contains(PlayerText.TruncatedNote, player.ToText());
        Assert.Contains($"after {LoopTrace.MaxSpans.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} spans", PlayerText.TruncatedNote, StringComparison.Ordinal);
        Assert.Contains($"'{PlayerText.TruncatedNote}'", EmbeddedScript.Read("player.js")); // the HTML player says the same
        Assert.Contains("\"truncated\":true", player.ToHtml());
        Assert.Contains("\"truncated\":false", SayAfterWithTasks().ToPlayer().ToHtml());
        // The ticks that ran past the limit are counted, and the recording of the run says so.
        Assert.InRange(player.TicksLeftOut, 1, 1_000);
        Assert.Contains($"({player.TicksLeftOut:N0} ticks left out)", player.ToText());
        var recording = LoopPlayer.FromRecording(player.ToJson(maxTicks: 100_000));
        Assert.True(recording.Truncated);
        Assert.Equal(player.TicksLeftOut, recording.TicksLeftOut);
    }

    [Fact]
    public void A_real_time_run_plays_in_milliseconds()
    {
        var loop = EventLoop.RealTime();
        loop.Run(async () => await loop.Sleep(TimeSpan.FromMilliseconds(20)));
        var player = loop.ToPlayer();
        Assert.False(player.IsVirtual);
        Assert.Equal(["step main", "sleep 0.02 s timer (main)", "step main"], player.Frames.Select(f => f.Tick.Queue.Single().Label));
        Assert.True(player.Frame(2).Tick.Time >= TimeSpan.FromMilliseconds(20), $"the timer fired at {player.Frame(2).Tick.Time.TotalMilliseconds} ms");
        Assert.Contains("· real time", player.ToText());
        Assert.Matches(@"tick 2 at \d+\.\d ms", player.ToText());
    }

    [Fact]
    public void User_text_cannot_close_the_players_script_elements()
    {
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        loop.Run(async () =>
        {
            await loop.CreateTask(async () => { await loop.Sleep(TimeSpan.Zero); loop.Print("</script><script>alert(1)</script>"); }, "<!-- </script> -->");
        });
        var html = loop.ToPlayer("</script><b>").ToHtml();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "<script").Count); // the data and the code, nothing else
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "</script>").Count);
        Assert.DoesNotContain("<!--", html);
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void Big_ticks_list_the_first_entries_and_count_the_rest()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () =>
        {
            var tasks = new Task[260];
            for (int k = 0; k < tasks.Length; k++) tasks[k] = loop.CreateTask(() => loop.Sleep(TimeSpan.Zero).AsTask(), $"t{k}");
            await Task.WhenAll(tasks);
        });
        var player = loop.ToPlayer();
        Assert.Equal(260, player.Frame(1).JoinedQueue.Count); // the data is complete...
        var text = player.FrameText(2);
        Assert.Contains("50. step t49", text);
        Assert.DoesNotContain("51. step t50", text);
        Assert.Contains("… 210 more", text); // ...the text lists 50 per list
        var html = player.ToHtml();
        Assert.Contains("\"qx\":60", html); // the page 200 per list, and counts the rest
        Assert.Contains("\"kx\":61", html); // 261 tasks with main
    }
}
