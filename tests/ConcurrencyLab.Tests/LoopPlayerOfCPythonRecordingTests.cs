using System.Text.Json;
using Xunit.Abstractions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// Lesson 05's programs recorded on CPython's own asyncio loop by the real recorder (helpers/python's
/// <c>concurrency_lab.record</c>, run on python3 3.11+ by asyncio/player_recordings.py), read back with
/// <see cref="LoopPlayer.FromRecording"/> and set beside the same programs run on <see cref="EventLoop"/>
/// (<see cref="TickParityPrograms"/>) with <see cref="LoopPlayer.SideBySide"/>: every difference the comparison
/// reports is explained by asyncio's bookkeeping. gather, whose done-callbacks give asyncio extra ticks by design,
/// agrees up to the first of those callbacks, and that callback is the first difference (as_completed agrees
/// throughout: EventLoop's AsCompleted hands results over through a done-callback as asyncio's does).
/// Without Python 3.11+ these tests skip with the reason (under CI they fail).
/// </summary>
public sealed class LoopPlayerOfCPythonRecordingTests(ITestOutputHelper output)
{
    private const string Bookkeeping = "asyncio's bookkeeping";

    private static readonly string[] Combinators = ["gather", "foo_bar_gather"];

    private static readonly Lazy<Dictionary<string, string>> s_recordings = new(RecordAll);

    private static string Script => Path.Combine(PythonProcess.RepoRoot, "tests", "ConcurrencyLab.Tests", "asyncio", "player_recordings.py");

    public static TheoryData<string> ProgramsThatTickAlike() => new(TickParityPrograms.Names.Except(Combinators));

    [SkippableTheory]
    [MemberData(nameof(ProgramsThatTickAlike))]
    public void CPythons_recording_agrees_with_EventLoop_tick_for_tick_except_for_asyncios_bookkeeping(string program)
    {
        PythonProcess.Require();
        var cpython = LoopPlayer.FromRecording(s_recordings.Value[program]);
        var pair = LoopPlayer.SideBySide(TickParityPrograms.Run(program).ToPlayer(program), cpython);
        output.WriteLine(pair.ToText(maxFrames: 100));

        Assert.Equal("cpython", cpython.Loop);
        Assert.True(cpython.IsVirtual);
        Assert.Equal(("completed", (string?)null), cpython.Ended);
        Assert.Matches(@"^3\.(1[1-9]|[2-9]\d)\.\d+", cpython.PythonVersion);
        Assert.NotEmpty(cpython.Ticks);
        Assert.Null(pair.FirstDifferingTick);
        Assert.All(pair.Differences, d => Assert.Equal(Bookkeeping, d.ExplainedBy));
        // run_until_complete's done-callback on main's task stops the loop: it runs in the tick after main's last step.
        Assert.Contains(pair.Differences, d => d.What.Contains("stop the loop (run_until_complete)", StringComparison.Ordinal));
    }

    /// <summary>
    /// gather: asyncio hands each finished child to the waiting task through a done-callback of its own, which runs
    /// in a tick of its own; Task.WhenAll has none (lesson 05, section 4, names the difference). The players agree up to the first such
    /// tick, and the first difference that counts is that callback.
    /// </summary>
    [SkippableTheory]
    [InlineData("gather", "gather done-callback")]
    [InlineData("foo_bar_gather", "gather done-callback")]
    public void Gather_parts_from_EventLoop_first_at_asyncios_done_callback(string program, string doneCallback)
    {
        PythonProcess.Require();
        var cpython = LoopPlayer.FromRecording(s_recordings.Value[program]);
        var pair = LoopPlayer.SideBySide(TickParityPrograms.Run(program).ToPlayer(program), cpython);
        output.WriteLine(pair.ToText(maxFrames: 100));

        Assert.Equal(("completed", (string?)null), cpython.Ended);
        var firstCallbackTick = cpython.Ticks.Select(t => t.Number).First(n => cpython.Queue(n).Contains(doneCallback));
        Assert.Equal(firstCallbackTick, pair.FirstDifferingTick);
        var first = pair.Differences.First(d => d.ExplainedBy is null);
        Assert.Equal(firstCallbackTick, first.RightTick);
        Assert.Contains(doneCallback, first.What, StringComparison.Ordinal);
    }

    /// <summary>The seed's say_after with two tasks: eight ticks alike, then asyncio's tick that stops the loop; each
    /// task is shown suspended at the program's own await line, read from the source the recorder ran.</summary>
    [SkippableFact]
    public void The_say_after_recording_ends_with_asyncios_stop_tick_and_shows_each_task_at_its_await_line()
    {
        PythonProcess.Require();
        var cpython = LoopPlayer.FromRecording(s_recordings.Value["say_after_tasks"]);
        var csharp = TickParityPrograms.Run("say_after_tasks").ToPlayer("C#");
        var pair = LoopPlayer.SideBySide(csharp, cpython);

        Assert.Equal(csharp.Ticks.Count + 1, cpython.Ticks.Count);
        var only = Assert.Single(pair.Differences);
        Assert.Equal(((long?)null, (long?)cpython.Ticks[^1].Number, Bookkeeping), (only.LeftTick, only.RightTick, only.ExplainedBy));
        Assert.Equal($"CPython tick {cpython.Ticks[^1].Number} runs only stop the loop (run_until_complete); C# has no such tick", only.What);
        Assert.Equal(csharp.Printed, cpython.Printed.Take(csharp.Printed.Count));

        var source = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(Script)!, "tick_parity_programs.py"));
        int LineOf(string code) => Array.FindIndex(source, l => l.TrimStart().StartsWith(code, StringComparison.Ordinal)) + 1;
        var tick2 = cpython.TaskStates(2).ToDictionary(t => t.Name);
        Assert.Equal(("Waiting", (int?)LineOf("await task1")), (tick2["main"].Phase, tick2["main"].Line));
        Assert.Equal("await task1", tick2["main"].Code);
        foreach (var task in new[] { "say_after(1, hello)", "say_after(2, world)" })
        {
            Assert.Equal(("Running", (int?)LineOf("await asyncio.sleep(delay)")), (tick2[task].Phase, tick2[task].Line));
            Assert.StartsWith("await asyncio.sleep(delay)", tick2[task].Code, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string> RecordAll()
    {
        var python = PythonProcess.Require();
        var (exit, stdout, stderr) = PythonProcess.Run(python, PythonProcess.RepoRoot, TimeSpan.FromMinutes(2), Script);
        Assert.True(exit == 0, $"player_recordings.py failed (exit {exit}):\n{stderr}");
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
    }
}
