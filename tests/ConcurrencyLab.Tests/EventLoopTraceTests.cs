using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>The trace: ticks (seed 003's p0–p3 walkthrough), task lanes, waits, printed lines.</summary>
public sealed class EventLoopTraceTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static EventLoop SayAfterSequential()
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
            await SayAfter(1, "hello");
            await SayAfter(2, "world");
            loop.Print($"time: {loop.Time.TotalSeconds:0.00}");
        });
        return loop;
    }

    [Fact]
    public void Sequential_say_after_has_the_ticks_of_the_p0_to_p3_walkthrough()
    {
        var loop = SayAfterSequential();
        Assert.Equal(
            ["step main", "sleep 1 s timer (main)", "step main", "sleep 2 s timer (main)", "step main"],
            loop.Ticks.Select(t => t.Ran.Single()));
        Assert.Equal([0.0, 1, 1, 3, 3], loop.Ticks.Select(t => t.Time.TotalSeconds));
        Assert.Equal([1, 0, 1, 0, 0], loop.Ticks.Select(t => t.TimersPending)); // waiting when the tick ended
        Assert.Equal(["hello", "world", "time: 3.00"], loop.Printed.Select(p => p.Text));
        Assert.Equal([3L, 5, 5], loop.Printed.Select(p => p.Tick));
        var table = loop.TickTable();
        Assert.Contains("prints \"hello\"", table);
        Assert.Contains("sleep 2 s timer (main)", table);
    }

    [Fact]
    public void Tasks_get_their_own_lanes_with_steps_and_waits()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () =>
        {
            var hello = loop.CreateTask(async () => await loop.Sleep(S(1)), "say_after(1, hello)");
            var world = loop.CreateTask(async () => await loop.Sleep(S(2)), "say_after(2, world)");
            await hello;
            await world;
        });
        var lanes = loop.Trace.Spans.Select(s => s.Lane).Distinct().ToList();
        Assert.Contains(LoopTrace.LoopLane, lanes);
        Assert.Contains("main", lanes);
        var worldWait = loop.Trace.Spans.Single(s => s.Lane == "say_after(2, world)" && s.Kind == SpanKind.Waiting);
        Assert.Equal(S(0), worldWait.Start);
        Assert.Equal(S(2), worldWait.End);
        Assert.Equal(2, loop.Trace.Spans.Count(s => s.Lane == "say_after(1, hello)" && s.Kind == SpanKind.Cpu));
        // Virtual time: callbacks are instants.
        Assert.All(loop.Trace.Spans.Where(s => s.Lane == LoopTrace.LoopLane), s => Assert.Equal(TimeSpan.Zero, s.Duration));
    }

    [Fact]
    public void Tracing_can_be_turned_off_and_records_nothing()
    {
        var loop = EventLoop.Virtual(trace: false);
        loop.Run(async () => await loop.Sleep(S(1)));
        Assert.Empty(loop.Ticks);
        Assert.Empty(loop.Trace.Spans);
        Assert.Equal(3, loop.CurrentTick);
    }

    [Fact]
    public void TickLog_rejects_a_non_positive_row_count()
    {
        var loop = SayAfterSequential();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => loop.Ticks.ToText(0));
        Assert.Contains("positive", error.Message);
        Assert.Contains("tick", loop.Ticks.ToText(2));
        Assert.Contains("… 3 more ticks", loop.Ticks.ToText(2));
    }
}
