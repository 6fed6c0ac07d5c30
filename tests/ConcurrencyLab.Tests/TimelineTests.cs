using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace ConcurrencyLab.Tests;

public sealed class TimelineTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Span_records_from_creation_to_dispose_with_lane_kind_and_thread()
    {
        var clock = new FakeTimeProvider();
        var t = new Timeline("t", clock);
        clock.Advance(Ms(3));

        using (t.Span("step", "worker", SpanKind.Blocked))
            clock.Advance(Ms(5));

        var span = Assert.Single(t.Spans);
        Assert.Equal(new Span("step", "worker", Ms(3), Ms(8), SpanKind.Blocked, Environment.CurrentManagedThreadId), span);
        Assert.Equal(Ms(5), span.Duration);
        Assert.Equal("t", t.Title);
        Assert.Same(clock, t.Clock);
    }

    [Fact]
    public void Disposing_a_span_twice_records_it_once()
    {
        var t = new Timeline();
        var scope = t.Span("once");
        scope.Dispose();
        scope.Dispose();

        Assert.Single(t.Spans);
    }

    [Fact]
    public void A_null_lane_is_the_thread()
    {
        var t = new Timeline();
        using (t.Span("here")) { }

        Assert.Equal($"thread {Environment.CurrentManagedThreadId}", t.Spans[0].Lane);
    }

    [Fact]
    public void Now_follows_the_clock()
    {
        var clock = new FakeTimeProvider();
        var t = new Timeline(clock: clock);
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), t.Now);
    }

    [Fact]
    public async Task WaitAsync_completes_when_the_clock_advances_and_records_a_waiting_span()
    {
        var clock = new FakeTimeProvider();
        var t = new Timeline(clock: clock);

        var wait = t.WaitAsync("download", Ms(250), "client");
        clock.Advance(Ms(249));
        Assert.False(wait.IsCompleted);
        clock.Advance(Ms(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));

        var span = Assert.Single(t.Spans);
        Assert.Equal(("download", "client", SpanKind.Waiting, Ms(0), Ms(250)), (span.Name, span.Lane, span.Kind, span.Start, span.End));
    }

    [Fact]
    public async Task WaitAsync_can_be_cancelled()
    {
        var clock = new FakeTimeProvider();
        var t = new Timeline(clock: clock);
        using var cancel = new CancellationTokenSource();

        var wait = t.WaitAsync("slow", TimeSpan.FromHours(1), "client", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task Track_returns_the_body_result_and_records_until_it_completes()
    {
        var clock = new FakeTimeProvider();
        var t = new Timeline(clock: clock);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var tracked = t.Track("fetch", () => gate.Task, "client");
        clock.Advance(Ms(40));
        gate.SetResult(42);

        Assert.Equal(42, await tracked);
        await t.Track("plain", () => Task.CompletedTask, "client");
        Assert.Equal([("fetch", Ms(40), SpanKind.Waiting), ("plain", Ms(0), SpanKind.Waiting)],
            t.Spans.Select(s => (s.Name, s.Duration, s.Kind)));
    }

    [Fact]
    public async Task Track_records_even_when_the_body_fails()
    {
        var t = new Timeline();

        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Track<int>("boom", () => throw new InvalidOperationException("x")));

        Assert.Equal("boom", Assert.Single(t.Spans).Name);
    }

    [Fact]
    public void Spans_are_ordered_by_start_and_ties_keep_recording_order()
    {
        var t = new Timeline();
        t.Add("late", "l", Ms(30), Ms(40), SpanKind.Cpu);
        t.Add("first tie", "l", Ms(10), Ms(40), SpanKind.Cpu);
        t.Add("early", "l", Ms(0), Ms(5), SpanKind.Cpu);
        t.Add("second tie", "l", Ms(10), Ms(12), SpanKind.Cpu);

        Assert.Equal(["early", "first tie", "second tie", "late"], t.Spans.Select(s => s.Name));
    }

    [Fact]
    public void Makespan_runs_from_the_earliest_start_to_the_latest_end()
    {
        var t = new Timeline();
        Assert.Equal(TimeSpan.Zero, t.Makespan);

        t.Add("a", "l", Ms(10), Ms(50), SpanKind.Cpu);
        t.Add("b", "m", Ms(20), Ms(90), SpanKind.Waiting);
        t.Add("c", "m", Ms(30), Ms(40), SpanKind.Blocked);

        Assert.Equal(Ms(80), t.Makespan);
    }

    [Fact]
    public void Add_keeps_an_instant_and_the_thread_id()
    {
        var t = new Timeline();
        t.Add("tick", "loop", Ms(5), Ms(5), SpanKind.Cpu, threadId: 3);

        Assert.Equal(new Span("tick", "loop", Ms(5), Ms(5), SpanKind.Cpu, 3), Assert.Single(t.Spans));
    }

    [Fact]
    public void Clear_forgets_every_span()
    {
        var t = new Timeline();
        t.Add("a", "l", Ms(0), Ms(1), SpanKind.Cpu);
        t.Clear();

        Assert.Empty(t.Spans);
        Assert.Equal(TimeSpan.Zero, t.Makespan);
    }

    [Fact]
    public void Sixty_four_threads_recording_ten_thousand_spans_each_lose_none()
    {
        const int threads = 64, perThread = 10_000;
        var t = new Timeline();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait(); // all at once: maximum contention
            for (var n = 0; n < perThread; n++)
                using (t.Span("s", $"w{i}")) { }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var spans = t.Spans;
        Assert.Equal(threads * perThread, spans.Count);
        Assert.All(spans.GroupBy(s => s.Lane), g => Assert.Equal(perThread, g.Count()));
        Assert.Equal(threads, spans.Select(s => s.Lane).Distinct().Count());
        Assert.True(spans.Zip(spans.Skip(1)).All(p => p.First.Start <= p.Second.Start), "Spans must stay ordered by start");
    }

    public static TheoryData<string, Action<Timeline>> BadInput => new()
    {
        { "name", tl => tl.Span(null!) },
        { "name", tl => tl.Span("  ") },
        { "lane", tl => tl.Span("x", "") },
        { "duration", tl => tl.Cpu("x", TimeSpan.Zero) },
        { "duration", tl => tl.Block("x", Ms(-1)) },
        { "duration", tl => _ = tl.WaitAsync("x", TimeSpan.Zero) },
        { "name", tl => _ = tl.WaitAsync("", Ms(1)) },
        { "body", tl => _ = tl.Track<int>("x", null!) },
        { "body", tl => _ = tl.Track("x", (Func<Task>)null!) },
        { "name", tl => tl.Add("", "l", Ms(0), Ms(1), SpanKind.Cpu) },
        { "lane", tl => tl.Add("x", " ", Ms(0), Ms(1), SpanKind.Cpu) },
        { "start", tl => tl.Add("x", "l", Ms(-1), Ms(1), SpanKind.Cpu) },
        { "end", tl => tl.Add("x", "l", Ms(5), Ms(1), SpanKind.Cpu) },
        { "kind", tl => tl.Add("x", "l", Ms(0), Ms(1), (SpanKind)9) },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_is_refused_with_an_argument_exception_naming_the_parameter(string parameter, Action<Timeline> call)
    {
        var t = new Timeline();

        var e = Assert.ThrowsAny<ArgumentException>(() => call(t));

        Assert.Equal(parameter, e.ParamName);
        Assert.Empty(t.Spans);
    }

    [Fact]
    public void End_before_start_says_what_to_change()
    {
        var e = Assert.Throws<ArgumentException>(() => new Timeline().Add("fry", "cook", Ms(5), Ms(1), SpanKind.Cpu));

        Assert.Contains("fry", e.Message);
        Assert.Contains("before it starts", e.Message);
    }
}

/// <summary>Runs alone (no other test class in parallel) so the CPU it measures is not shared with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTimingCollection
{
    public const string Name = "ConcurrencyLab serial timing";
}

[Collection(SerialTimingCollection.Name)]
public sealed class TimelineCpuTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    // Nanoseconds the calling OS thread has been runnable: on a core plus waiting in the run queue for one
    // (/proc/thread-self/schedstat, fields 1 and 2). A thread that spins is runnable for its whole wall-clock time
    // however busy the machine is (it only waits longer for a core); a thread that sleeps is not runnable at all.
    // CPU time alone cannot tell them apart on a loaded machine: there a spin may get a tenth of a core.
    private static long ThreadRunnableNanoseconds()
    {
        var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
        return long.Parse(fields[0]) + long.Parse(fields[1]);
    }

    // utime + stime of the calling OS thread, in clock ticks (1/100 s).
    private static long ThreadCpuTicks()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]); // fields 14 and 15 of stat(5), counted after "(comm)"
    }

    [SkippableFact]
    public void Cpu_really_burns_cpu_and_Block_holds_the_thread_without_using_it()
    {
        Skip.IfNot(File.Exists("/proc/thread-self/schedstat") && File.Exists("/proc/thread-self/stat"),
            "Needs Linux /proc (schedstat and stat) to read the thread's scheduling and CPU time.");
        var t = new Timeline();
        var d = Ms(300);

        var spinWall = Stopwatch.StartNew();
        var cpuBefore = ThreadCpuTicks();
        var spinRunnableBefore = ThreadRunnableNanoseconds();
        t.Cpu("spin", d, "worker");
        var spinRunnable = TimeSpan.FromTicks((ThreadRunnableNanoseconds() - spinRunnableBefore) / 100);
        var cpuTicks = ThreadCpuTicks() - cpuBefore;
        var spun = spinWall.Elapsed;

        var wall = Stopwatch.StartNew();
        var blockRunnableBefore = ThreadRunnableNanoseconds();
        t.Block("sleep", d, "worker");
        var blockRunnable = TimeSpan.FromTicks((ThreadRunnableNanoseconds() - blockRunnableBefore) / 100);
        var blocked = wall.Elapsed;

        // Shares of each call's own wall-clock time, so the machine's load cancels out. The spin may lose a little
        // to garbage-collector pauses (then it waits, not runnable); the sleep is runnable only to enter and leave it.
        Assert.True(spinRunnable >= spun * 0.75,
            $"Cpu(300 ms) kept its thread runnable for only {spinRunnable.TotalMilliseconds:F0} of {spun.TotalMilliseconds:F0} ms: it must spin, not wait");
        Assert.True(cpuTicks >= 1, "Cpu(300 ms) used no measurable CPU time on its thread");
        Assert.True(blockRunnable <= blocked * 0.25,
            $"Block kept its thread runnable for {blockRunnable.TotalMilliseconds:F0} of {blocked.TotalMilliseconds:F0} ms: it must wait, not spin");
        Assert.True(blocked >= d - Ms(5), $"Block returned after {blocked.TotalMilliseconds} ms: it must hold the calling thread for the whole {d.TotalMilliseconds} ms");
        Assert.Equal([SpanKind.Cpu, SpanKind.Blocked], t.Spans.Select(s => s.Kind));
        Assert.All(t.Spans, s => Assert.True(s.Duration >= d - Ms(5), $"{s.Name} lasted {s.Duration.TotalMilliseconds} ms"));
        Assert.All(t.Spans, s => Assert.Equal(Environment.CurrentManagedThreadId, s.ThreadId));
    }
}
