using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The player recording (format "concurrency-lab/player", version 1): a hand-written recording of CPython's loop plays
/// its ticks, queues, timers, task states and suspended lines; bad input is refused naming what is wrong; a run of
/// the C# loop exports the same format and plays back alike; the recording's limits and escaping hold.
/// </summary>
public sealed class LoopPlayerRecordingTests(ITestOutputHelper output)
{
    /// <summary>Lesson 05's say_after with two tasks as CPython 3.11 runs it: the C# run's eight ticks, then asyncio's <c>_run_until_complete_cb</c>.</summary>
    internal static string CPythonSayAfter() =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "ConcurrencyLab.Tests", "Fixtures", "player-cpython-say-after.json"));

    /// <summary>The fixture changed by <paramref name="change"/> (on its parsed tree).</summary>
    internal static string Changed(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(CPythonSayAfter())!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static JsonObject TickOf(JsonObject root, int number) => root["ticks"]![number - 1]!.AsObject();

    [Fact]
    public void A_cpython_recording_plays_its_queues_timers_output_tasks_and_the_line_each_task_waits_at()
    {
        var player = LoopPlayer.FromRecording(CPythonSayAfter());

        Assert.Equal("CPython 3.11.2: main()", player.Title);
        Assert.Equal("cpython", player.Loop);
        Assert.Equal("3.11.2", player.PythonVersion);
        Assert.Equal(("completed", (string?)null), player.Ended);
        Assert.True(player.IsVirtual);
        Assert.False(player.Truncated);
        Assert.Equal(Enumerable.Range(1, 9).Select(n => (long)n), player.Ticks.Select(t => t.Number));
        Assert.Equal(["main", "say_after(1, hello)", "say_after(2, world)"], player.Tasks);
        Assert.Equal(["step say_after(1, hello)", "step say_after(2, world)"], player.Queue(2));
        Assert.Equal([("sleep 1 s timer (say_after(1, hello))", TimeSpan.FromSeconds(1)), ("sleep 2 s timer (say_after(2, world))", TimeSpan.FromSeconds(2))], player.TimersAfter(2));
        Assert.Equal(["_run_until_complete_cb"], player.JoinedDuring(8));
        Assert.Equal([(4L, "hello"), (7L, "world"), (8L, "time: 2.00")], player.Printed);
        Assert.Equal([(1L, (string?)null, (string?)"task say_after(1, hello)"), (5, "task say_after(1, hello)", "task say_after(2, world)"), (8, "task say_after(2, world)", null)], player.StepsOf("main"));

        var tick2 = player.TaskStates(2);
        Assert.Equal(("main", "Waiting", "task say_after(1, hello)", (int?)10, "await task1"), tick2[0]);
        Assert.Equal(("say_after(1, hello)", "Running", "sleep 1 s, due at 1.000 s", (int?)4, "await asyncio.sleep(delay)"), tick2[1]);
        Assert.All(player.TaskStates(9), t => Assert.Equal(("Done", (int?)null), (t.Phase, t.Line)));

        var text = player.ToText(maxFrames: 100);
        Assert.Contains("ended: completed", text);
        Assert.Contains("    main: waiting, task say_after(1, hello)\n       at line 10: await task1\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("1. _run_until_complete_cb  [queued on the loop; asyncio's bookkeeping]", text);
        Assert.DoesNotContain("left out", text);
    }

    [Fact]
    public void A_run_of_the_csharp_loop_shows_no_source_line_and_says_how_it_ended()
    {
        var player = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer();

        Assert.Equal("dotnet", player.Loop);
        Assert.Null(player.PythonVersion);
        Assert.Equal(("completed", (string?)null), player.Ended);
        Assert.All(player.Ticks, t => Assert.All(player.TaskStates(t.Number), s => Assert.Null(s.Line)));
        Assert.DoesNotContain(" at line ", player.ToText(100));
        Assert.Contains("ended: completed", player.ToText());

        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        Assert.Throws<InvalidOperationException>(() => loop.Run(async () =>
        {
            await loop.Sleep(TimeSpan.FromSeconds(1));
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(("raised", (string?)"InvalidOperationException: boom"), loop.ToPlayer().Ended);
        Assert.Contains("\"ended\":{\"reason\":\"raised\",\"detail\":\"InvalidOperationException: boom\"}", loop.ToPlayer().ToJson());
    }

    public static TheoryData<string, string> BadRecordings() => new()
    {
        { "{\"format\": \"concurrency-lab/player\", ", "not valid JSON" },
        { "[1, 2]", "must be a JSON object" },
        { "{\"version\": 1}", "it has no \"format\"" },
        { Changed(r => r["format"] = "concurrency-lab/timeline"), "is a \"concurrency-lab/timeline\", not a player recording" },
        { Changed(r => r["version"] = 2), "version 2; this reader knows version 1 only" },
        { Changed(r => r.Remove("ticks")), "the recording is missing \"ticks\"" },
        { Changed(r => r.Remove("ended")), "the recording is missing \"ended\"" },
        { Changed(r => r["loop"] = "pypy"), "\"loop\" is \"pypy\"" },
        { Changed(r => TickOf(r, 3).Remove("timers")), "tick 3 (ticks[2]) is missing \"timers\"" },
        { Changed(r => TickOf(r, 3)["queue"]![0]!.AsObject().Remove("label")), "tick 3 (ticks[2]).queue[0] is missing \"label\"" },
        { Changed(r => TickOf(r, 2)["queue"]![1]!["origin"] = "Soon"), "tick 2 (ticks[1]).queue[1] has \"origin\": \"Soon\"" },
        { Changed(r => TickOf(r, 4)["taskStates"]![0]!["phase"] = "waiting"), "tick 4 (ticks[3]).taskStates[0] has \"phase\": \"waiting\"" },
        { Changed(r => TickOf(r, 5)["time"] = "1.0"), "tick 5 (ticks[4]).time should be a number, not \"1.0\"" },
        { Changed(r => TickOf(r, 5)["queue"]![0]!["printed"] = "hello"), "tick 5 (ticks[4]).queue[0].printed should be an array" },
        { Changed(r => TickOf(r, 2)["taskStates"]![0]!["line"] = "ten"), "tick 2 (ticks[1]).taskStates[0].line should be a whole number or null" },
    };

    [Theory]
    [MemberData(nameof(BadRecordings))]
    public void A_bad_recording_is_refused_naming_what_is_wrong_and_where(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => LoopPlayer.FromRecording(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_the_format_allows_to_be_null_may_be_left_out_and_unknown_keys_are_ignored()
    {
        var json = Changed(r =>
        {
            r["recorder"] = "extra";
            r.Remove("python");
            var state = TickOf(r, 2)["taskStates"]![0]!.AsObject();
            state.Remove("line");
            state.Remove("code");
            TickOf(r, 2)["queue"]![0]!.AsObject().Remove("wokenBy");
        });
        var player = LoopPlayer.FromRecording(json);
        Assert.Null(player.PythonVersion);
        Assert.Null(player.TaskStates(2)[0].Line);
        Assert.Equal(9, player.Ticks.Count);
    }

    public static TheoryData<string> CSharpRuns() => ["say_after", "puzzle", "untimed"];

    private static EventLoop Run(string name)
    {
        switch (name)
        {
            case "say_after": return EventLoopPlayerDataTests.SayAfterWithTasks();
            case "puzzle": return EventLoopPlayerDataTests.Puzzle();
            default:
                var loop = EventLoop.Virtual();
                loop.Output = TextWriter.Null;
                loop.Run(async () =>
                {
                    using var gate = new ManualResetEventSlim();
                    loop.CallSoon(gate.Set, "open the gate");
                    await Task.Run(gate.Wait);
                    loop.Print("back");
                });
                return loop;
        }
    }

    [Theory]
    [MemberData(nameof(CSharpRuns))]
    public void A_csharp_run_exported_as_a_recording_plays_back_the_same(string name)
    {
        var original = Run(name).ToPlayer(name);
        var json = original.ToJson();
        var copy = LoopPlayer.FromRecording(json);

        Assert.Equal(original.Title, copy.Title);
        Assert.Equal(original.IsVirtual, copy.IsVirtual);
        Assert.Equal(original.Ended, copy.Ended);
        Assert.Equal(original.Ticks, copy.Ticks);
        Assert.Equal(original.Tasks, copy.Tasks);
        Assert.Equal(original.Printed, copy.Printed);
        foreach (var task in original.Tasks) Assert.Equal(original.StepsOf(task), copy.StepsOf(task));
        foreach (var (tick, _) in original.Ticks)
        {
            Assert.Equal(original.Queue(tick), copy.Queue(tick));
            Assert.Equal(original.JoinedDuring(tick), copy.JoinedDuring(tick));
            Assert.Equal(original.TimersAfter(tick), copy.TimersAfter(tick));
            Assert.Equal(original.TaskStates(tick), copy.TaskStates(tick));
            Assert.Equal(original.FrameText(tick), copy.FrameText(tick));
        }
        Assert.Equal(original.ToText(100), copy.ToText(100));
        Assert.Equal(json, copy.ToJson());
        Assert.Empty(LoopPlayer.SideBySide(original, copy).Differences);
    }

    [Fact]
    public void An_export_past_max_ticks_says_how_many_ticks_it_left_out()
    {
        var json = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer().ToJson(maxTicks: 3);
        var player = LoopPlayer.FromRecording(json);

        Assert.Equal(3, player.Ticks.Count);
        Assert.True(player.Truncated);
        Assert.Equal(5, player.TicksLeftOut);
        Assert.True(player.Frames[^1].IsLast);
        Assert.Contains("5 ticks left out: the recording kept only its first 3 ticks.", player.ToText());
        Assert.Contains("\"leftOut\":\"5 ticks left out: the recording kept only its first 3 ticks.\"", player.ToHtml());
    }

    [Fact]
    public void The_same_program_on_both_loops_agrees_tick_by_tick_and_asyncio_s_last_tick_is_named_as_bookkeeping()
    {
        var pair = LoopPlayer.SideBySide(EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer("C#"), LoopPlayer.FromRecording(CPythonSayAfter()));

        Assert.Null(pair.FirstDifferingTick);
        var only = Assert.Single(pair.Differences);
        Assert.Equal(((long?)null, (long?)9, (string?)"asyncio's bookkeeping"), (only.LeftTick, only.RightTick, only.ExplainedBy));
        Assert.Equal("CPython tick 9 runs only _run_until_complete_cb; C# has no such tick", only.What);
        var text = pair.ToText();
        Assert.Contains("The runs agree tick by tick.", text);
        Assert.Contains("[explained: asyncio's bookkeeping]", text);
        Assert.Equal("C#", pair.Left!.Title);
        Assert.Equal("cpython", pair.Right!.Loop);
        Assert.Throws<InvalidOperationException>(() => pair.ToJson());
    }

    [Fact]
    public void The_first_tick_where_the_loops_differ_is_found_and_bookkeeping_before_it_does_not_count()
    {
        // CPython's tick 3 also runs the self-pipe's _read_from_self (bookkeeping); tick 4 prints something else,
        // and tick 5 runs the tasks in another order.
        var json = Changed(r =>
        {
            var queue = TickOf(r, 3)["queue"]!.AsArray();
            queue.Insert(0, JsonNode.Parse("""{"label": "_read_from_self", "origin": "Scheduled", "cancelled": false, "task": null, "wokenBy": null, "awaits": null, "taskFinished": false, "printed": [], "bookkeeping": true}"""));
            TickOf(r, 4)["queue"]![0]!["printed"] = new JsonArray("HELLO");
            TickOf(r, 5)["timers"] = new JsonArray();
            TickOf(r, 5)["timersPending"] = 0;
        });
        var pair = LoopPlayer.SideBySide(EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer("C#"), LoopPlayer.FromRecording(json));

        Assert.Equal(4, pair.FirstDifferingTick);
        var differences = pair.Differences;
        Assert.Equal((3L, 3L, "CPython's ready queue also runs _read_from_self", "asyncio's bookkeeping"), differences[0]);
        Assert.Equal((4L, 4L, "printed: C# prints [\"hello\"]; CPython prints [\"HELLO\"]", (string?)null), differences[1]);
        Assert.Contains(differences, d => d.LeftTick == 5 && d.What.StartsWith("timers after the tick: C# has [\"sleep 2 s timer (say_after(2, world)) due at 2.000 s\"]; CPython has nothing", StringComparison.Ordinal) && d.ExplainedBy is null);
        var text = pair.ToText();
        Assert.Contains("FIRST DIFFERENCE step 4 (C# tick 4, CPython tick 4): printed", text);
        Assert.Contains("at the first difference, C#:\ntick 4 at 1.000 s", text.ReplaceLineEndings("\n"));
        Assert.Contains("at the first difference, CPython:\ntick 4 at 1.000 s", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Two_runs_of_the_csharp_loop_compare_too_and_a_longer_run_differs_where_the_other_had_ended()
    {
        var sayAfter = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer();
        var pair = LoopPlayer.SideBySide(sayAfter, EventLoopPlayerDataTests.Puzzle().ToPlayer());
        Assert.Equal(1, pair.FirstDifferingTick);
        Assert.DoesNotContain(pair.Differences, d => d.LeftTick == 1 && d.What.StartsWith("ready queue", StringComparison.Ordinal)); // both start with step main
        Assert.Contains(pair.Differences, d => d.LeftTick == 1 && d.What == "task say_after(1, hello): created in left; right has no such task yet");
        Assert.Contains(pair.Differences, d => d.LeftTick == 8 && d.RightTick is null && d.What == "left runs tick 8 (step main); right's run had ended");

        var shorter = LoopPlayer.FromRecording(sayAfter.ToJson(maxTicks: 6));
        var cut = LoopPlayer.SideBySide(sayAfter, shorter);
        Assert.Equal(7, cut.FirstDifferingTick);
        Assert.Equal(2, cut.Differences.Count);
    }

    /// <summary>A recording of <paramref name="ticks"/> ticks of three tasks taking turns, each tick printing a line.</summary>
    internal static string Generated(int ticks, string printed = "line")
    {
        var json = new StringBuilder();
        json.Append("""{"format":"concurrency-lab/player","version":1,"title":"generated","loop":"cpython","python":"3.11.2","virtual":true,""")
            .Append("""
                "ended":{"reason":"tickLimit","detail":"stopped after the tick limit"},"truncated":false,"ticksLeftOut":0,"tasks":["main","task 1","task 2"],"ticks":[
                """);
        for (int n = 1; n <= ticks; n++)
        {
            if (n > 1) json.Append(',');
            string task = n % 3 == 0 ? "main" : "task " + n % 3;
            double time = n / 100.0;
            json.Append(CultureInfo.InvariantCulture, $$"""
                {"number":{{n}},"time":{{time}},"ready":1,"timersPending":1,"queue":[{"label":"step {{task}}","origin":"Scheduled","cancelled":false,"task":"{{task}}","wokenBy":"sleep 0.01 s","awaits":"sleep 0.01 s, due at {{time + 0.01:0.000}} s","taskFinished":false,"printed":[{{JsonSerializer.Serialize(printed + " " + n)}}]}],"joined":[],"timers":[{"label":"sleep 0.01 s timer ({{task}})","due":{{time + 0.01}}}],"taskStates":[{"name":"main","phase":"Waiting","detail":"sleep 0.01 s","line":12,"code":"await asyncio.sleep(0.01)"},{"name":"task 1","phase":"Running","detail":"sleep 0.01 s","line":5,"code":"await asyncio.sleep(0.01)"},{"name":"task 2","phase":"Ready","detail":null,"line":5,"code":"await asyncio.sleep(0.01)"}]}
                """);
        }
        json.Append("]}");
        return json.ToString();
    }

    [Fact]
    public void Ten_thousand_recorded_ticks_render_to_at_most_two_megabytes_and_say_what_was_left_out()
    {
        var player = LoopPlayer.FromRecording(Generated(10_000));
        Assert.Equal(10_000, player.Ticks.Count);

        var html = player.ToHtml();
        var all = player.ToHtml(maxFrames: 10_000);
        var pair = LoopPlayer.SideBySide(player, LoopPlayer.FromRecording(Generated(10_000))).ToHtml();
        int size = Encoding.UTF8.GetByteCount(html), allSize = Encoding.UTF8.GetByteCount(all), pairSize = Encoding.UTF8.GetByteCount(pair);
        output.WriteLine($"10,000 ticks: {size:N0} bytes of HTML (first 1,000 ticks), {allSize:N0} bytes with all 10,000; side by side (1,000 steps): {pairSize:N0} bytes");

        Assert.True(size <= 2_000_000, $"{size:N0} bytes");
        Assert.True(allSize <= 2_000_000, $"{allSize:N0} bytes with every tick");
        Assert.True(pairSize <= 2_000_000, $"{pairSize:N0} bytes side by side");
        Assert.Contains("\"total\":10000", html);
        Assert.Contains("'Showing the first ' + frames.length + ' of ' + data.total + ' ticks.'", html); // the script says it
        Assert.Contains("… 9950 more ticks", player.ToText());
        Assert.Contains("ended: tickLimit · stopped after the tick limit", player.ToText());
    }

    [Fact]
    public void Text_from_the_recorded_program_is_html_escaped_in_the_player_and_side_by_side()
    {
        const string hostile = "<script>alert('x')</script>";
        var json = Changed(r =>
        {
            r["title"] = hostile;
            TickOf(r, 1)["queue"]![0]!["printed"] = new JsonArray(hostile, "a </pre><img src=x onerror=alert(1)>");
            TickOf(r, 1)["taskStates"]![0]!["code"] = hostile;
            TickOf(r, 2)["queue"]![0]!["label"] = hostile;
        });
        var player = LoopPlayer.FromRecording(json);
        foreach (var html in new[] { player.ToHtml(), LoopPlayer.SideBySide(player, EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer()).ToHtml() })
        {
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img", html);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html); // the no-script text
            Assert.Contains("\\u003Cscript\\u003Ealert", html); // the data the script puts in with textContent
        }
        Assert.Contains("prints \"" + hostile + "\"", player.ToText()); // text is text
    }
}
