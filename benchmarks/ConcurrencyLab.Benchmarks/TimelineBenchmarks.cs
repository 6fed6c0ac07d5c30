using BenchmarkDotNet.Attributes;
using ConcurrencyLab;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// What recording costs: one span recorded with Span() + Dispose (the clock read twice, one lock) and with Add.
/// Goal: at most 100 ns per span, so recording never changes the timing it shows. The timeline is cleared every
/// 100,000 operations so the benchmark measures recording, not a list growing without end.
/// </summary>
[MemoryDiagnoser]
public class TimelineBenchmarks
{
    private readonly Timeline _timeline = new("bench");
    private int _count;

    private void KeepSmall()
    {
        if (++_count == 100_000)
        {
            _count = 0;
            _timeline.Clear();
        }
    }

    [Benchmark(Description = "Span(name, lane) + Dispose")]
    public void SpanAndDispose()
    {
        using (_timeline.Span("step", "worker")) { }
        KeepSmall();
    }

    [Benchmark(Description = "Span(name) on the thread's lane + Dispose")]
    public void SpanOnThreadLane()
    {
        using (_timeline.Span("step")) { }
        KeepSmall();
    }

    [Benchmark(Description = "Add(name, lane, start, end, kind)")]
    public void Add()
    {
        _timeline.Add("step", "worker", TimeSpan.FromTicks(10), TimeSpan.FromTicks(20), SpanKind.Cpu);
        KeepSmall();
    }
}
