using System.Text.Json;
using ConcurrencyLab;
using Xunit.Abstractions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// Lesson 05's programs tick for tick alike on CPython's asyncio (helpers/python's VirtualTimeLoop: asyncio's own
/// _run_once on a virtual clock) and on the helpers' EventLoop: the same tick numbers, times, ready counts, timers
/// waiting, callbacks run and printed lines (as_completed is loop.AsCompleted, which ticks as asyncio's does). Where
/// the two differ by design (gather: Task.WhenAll has no done-callback of its own) the tests pin down exactly how.
/// The reference is produced by asyncio/tick_parity_programs.py; without Python 3.11+ these tests skip with a
/// message, except under CI, where they fail.
/// </summary>
public sealed class TickParityTests(ITestOutputHelper output)
{
    private static readonly Lazy<Dictionary<string, PythonRun>> s_python = new(RunPythonPrograms);

    public static TheoryData<string> Programs => new(TickParityPrograms.Names);

    /// <summary>Programs whose awaits go through asyncio's gather, written with Task.WhenAll, with the label of
    /// gather's done-callback and how many children it waits for.</summary>
    private static readonly Dictionary<string, (string DoneCallback, int Children)> s_combinators = new()
    {
        ["gather"] = ("gather done-callback", 3),
        ["foo_bar_gather"] = ("gather done-callback", 2),
    };

    public static TheoryData<string> SamePrograms => new(TickParityPrograms.Names.Where(n => !s_combinators.ContainsKey(n)));

    public static TheoryData<string> CombinatorPrograms => new(s_combinators.Keys);

    [SkippableTheory]
    [MemberData(nameof(SamePrograms))]
    public void Tick_table_is_the_same_as_CPythons(string program)
    {
        PythonProcess.Require();
        var python = s_python.Value[program];
        var csharp = TickParityPrograms.Run(program);
        output.WriteLine(python.Table);
        Assert.Equal(python.Table, csharp.TickTable());
    }

    /// <summary>The trace (callbacks on the loop lane, task steps and awaits on task lanes) of CPython's run, read
    /// with Timeline.FromJson, has the very spans of EventLoop's Trace: one Gantt chart draws either.</summary>
    [SkippableTheory]
    [MemberData(nameof(SamePrograms))]
    public void Trace_is_the_same_as_CPythons(string program)
    {
        PythonProcess.Require();
        var python = Timeline.FromJson(s_python.Value[program].TraceJson);
        var csharp = TickParityPrograms.Run(program).Trace;
        static IEnumerable<(string, string, TimeSpan, TimeSpan, SpanKind)> Bars(Timeline t) =>
            t.Spans.Select(s => (s.Name, s.Lane, s.Start, s.End, s.Kind));
        Assert.NotEmpty(python.Spans);
        Assert.Equal(Bars(csharp), Bars(python));
        Assert.Equal(csharp.ToGantt().ToText(), python.ToGantt().ToText());
    }

    /// <summary>
    /// asyncio's gather wakes the awaiting task through a done-callback of its own: for every child that finishes,
    /// that callback runs in the next tick, and the awaiting task resumes in the tick after it. Task.WhenAll
    /// completes inside the child's last step, so the awaiting task resumes in the tick right after the child
    /// finishes: one tick earlier, and every later tick number is one lower per child.
    /// Those callbacks are the whole difference: without them the tables are equal.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(CombinatorPrograms))]
    public void Combinators_differ_from_CPython_only_by_their_done_callbacks(string program)
    {
        PythonProcess.Require();
        var (doneCallback, children) = s_combinators[program];
        var python = s_python.Value[program];
        var csharp = TickParityPrograms.Run(program);
        output.WriteLine(python.Table);
        output.WriteLine(csharp.TickTable());

        var callbackTicks = python.Ticks.Where(t => t.Ran.Contains(doneCallback)).ToList();
        Assert.Equal(children, callbackTicks.Count);
        foreach (var tick in callbackTicks)
        {
            Assert.Equal([doneCallback], tick.Ran); // alone in its tick
            var before = python.Ticks.Single(t => t.Number == tick.Number - 1);
            Assert.Contains(before.Ran, r => r.StartsWith("step task ", StringComparison.Ordinal)); // right after a child's step
        }
        Assert.NotEqual(python.Table, csharp.TickTable());
        Assert.Equal(Render(WithoutCallback(python, doneCallback)), csharp.TickTable());
    }

    [SkippableTheory]
    [MemberData(nameof(Programs))]
    public void Python_tick_table_renders_exactly_like_TickLog_ToText(string program)
    {
        PythonProcess.Require();
        var python = s_python.Value[program];
        Assert.NotEmpty(python.Ticks);
        Assert.Equal(python.Table, Render(python));
    }

    [SkippableFact]
    public void Every_program_ran_on_both_sides()
    {
        PythonProcess.Require();
        Assert.Equal(TickParityPrograms.Names.Order(), s_python.Value.Keys.Order());
    }

    /// <summary>The Python run as C#'s TickLog prints it.</summary>
    private static string Render(PythonRun run)
    {
        var log = new TickLog();
        foreach (var tick in run.Ticks) log.Add(tick);
        return log.ToText(printed: run.Printed);
    }

    /// <summary>The run with every <paramref name="label"/> callback taken out: ready counts lowered, ticks left
    /// with nothing dropped, ticks renumbered.</summary>
    private static PythonRun WithoutCallback(PythonRun run, string label)
    {
        var ticks = new List<Tick>();
        var renumbered = new Dictionary<long, long>();
        foreach (var tick in run.Ticks)
        {
            var ran = tick.Ran.Where(r => r != label).ToArray();
            var ready = tick.Ready - (tick.Ran.Count - ran.Length);
            if (ready == 0) continue;
            renumbered[tick.Number] = ticks.Count + 1;
            ticks.Add(tick with { Number = ticks.Count + 1, Ready = ready, Ran = ran });
        }
        var printed = run.Printed.Select(p => p with { Tick = renumbered[p.Tick] }).ToList();
        return run with { Ticks = ticks, Printed = printed };
    }

    internal sealed record PythonRun(string Table, IReadOnlyList<Tick> Ticks, IReadOnlyList<PrintedLine> Printed, string TraceJson);

    private static Dictionary<string, PythonRun> RunPythonPrograms()
    {
        var python = PythonProcess.Require();
        var script = Path.Combine(PythonProcess.RepoRoot, "tests", "ConcurrencyLab.Tests", "asyncio", "tick_parity_programs.py");
        var (exit, stdout, stderr) = PythonProcess.Run(python, PythonProcess.RepoRoot, TimeSpan.FromMinutes(2), script);
        if (exit != 0) throw new InvalidOperationException($"tick_parity_programs.py failed (exit {exit}):\n{stderr}");
        using var document = JsonDocument.Parse(stdout);
        var runs = new Dictionary<string, PythonRun>();
        foreach (var program in document.RootElement.EnumerateObject())
        {
            var run = program.Value;
            var ticks = run.GetProperty("ticks").EnumerateArray().Select(t => new Tick(
                t.GetProperty("number").GetInt64(),
                TimeSpan.FromSeconds(t.GetProperty("time").GetDouble()),
                t.GetProperty("ready").GetInt32(),
                t.GetProperty("timersPending").GetInt32(),
                t.GetProperty("ran").EnumerateArray().Select(r => r.GetString()!).ToArray())).ToList();
            var printed = run.GetProperty("printed").EnumerateArray().Select(p => new PrintedLine(
                TimeSpan.FromSeconds(p.GetProperty("time").GetDouble()),
                p.GetProperty("tick").GetInt64(),
                p.GetProperty("text").GetString()!)).ToList();
            runs[program.Name] = new PythonRun(run.GetProperty("table").GetString()!, ticks, printed, run.GetProperty("trace").GetRawText());
        }
        return runs;
    }
}
