using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// A traced loop keeps its spans in a compact buffer until its Timeline is used: whoever reads or writes the
/// timeline, through whatever reference and whenever, sees every span in recording order.
/// </summary>
public sealed class EventLoopTraceBufferTests
{
    [Fact]
    public void A_timeline_reference_taken_before_Run_sees_the_loops_spans_after_it()
    {
        var loop = EventLoop.Virtual();
        var trace = loop.Trace;
        loop.Run(async () => await loop.Sleep(TimeSpan.FromSeconds(1)));
        Assert.Equal(["step main", "sleep 1 s timer (main)", "step main"], trace.Spans.Where(s => s.Lane == LoopTrace.LoopLane).Select(s => s.Name));
        Assert.All(trace.Spans, s => Assert.Equal(Environment.CurrentManagedThreadId, s.ThreadId));
    }

    [Fact]
    public void Spans_a_program_adds_during_the_run_keep_their_place_among_the_loops()
    {
        var loop = EventLoop.Virtual();
        var trace = loop.Trace;
        loop.Run(async () =>
        {
            loop.CallSoon(() => trace.Add("added by a callback", "program", loop.Time, loop.Time, SpanKind.Cpu), "adder");
            await loop.Sleep(TimeSpan.Zero);
        });
        // All at virtual time 0: ties keep recording order. The callback's own span is recorded when it returns.
        Assert.Equal(["step main", "added by a callback", "adder", "step main"], trace.Spans.Where(s => s.Lane is LoopTrace.LoopLane or "program").Select(s => s.Name));
    }

    [Fact]
    public void Clearing_the_trace_clears_what_the_loop_recorded_so_far()
    {
        var loop = EventLoop.Virtual();
        loop.Run(async () => await loop.Sleep(TimeSpan.FromSeconds(1)));
        loop.Trace.Clear();
        Assert.Empty(loop.Trace.Spans);
        loop.Run(async () => await loop.Sleep(TimeSpan.Zero));
        Assert.Equal(["step main", "step main"], loop.Trace.Spans.Where(s => s.Lane == LoopTrace.LoopLane).Select(s => s.Name));
    }

    [Fact]
    public async Task Reading_from_another_thread_while_the_loop_records_loses_nothing()
    {
        var loop = EventLoop.Virtual();
        using var stop = new CancellationTokenSource();
        int reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                _ = loop.Trace.Spans.Count;
                Interlocked.Increment(ref reads);
            }
        });
        // Every 400 yields the loop waits until the reader has taken the trace once more, so reads and
        // recording really interleave (five times at least), whatever the scheduler does.
        loop.Run(async () =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                if (i % 400 == 0)
                {
                    int seen = Volatile.Read(ref reads);
                    Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref reads) > seen + 1, TimeSpan.FromSeconds(30)), "the reader thread never ran");
                }
                await loop.Sleep(TimeSpan.Zero);
            }
        });
        stop.Cancel();
        await reader;
        var loopSpans = loop.Trace.Spans.Where(s => s.Lane == LoopTrace.LoopLane).ToList();
        Assert.Equal(2_001, loopSpans.Count); // main's first step and one per yield
        Assert.Equal(loop.Ticks.SelectMany(t => t.Ran), loopSpans.Select(s => s.Name));
    }
}
