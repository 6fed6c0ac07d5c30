using BenchmarkDotNet.Attributes;
using ConcurrencyLab;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// A 10,000-span chart (16 lanes, all three kinds): build time of the HTML (goal under 100 ms) and its size
/// (goal at most 1.5 MB, printed once in the setup log as "HTML size").
/// </summary>
[MemoryDiagnoser]
public class GanttBenchmarks
{
    private Timeline _timeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _timeline = TenThousandSpans();
        var html = _timeline.ToGantt().ToHtml();
        Console.WriteLine($"// HTML size of the 10,000-span chart: {html.Length:N0} characters ({System.Text.Encoding.UTF8.GetByteCount(html) / 1_048_576.0:F2} MB)");
    }

    /// <summary>Deterministic: 16 workers, each a sequence of steps of varying kind and length, 8 s in all.</summary>
    public static Timeline TenThousandSpans()
    {
        var timeline = new Timeline("10,000 spans");
        var random = new Random(42);
        for (var lane = 0; lane < 16; lane++)
        {
            var at = TimeSpan.Zero;
            for (var i = 0; i < 625; i++)
            {
                var length = TimeSpan.FromMicroseconds(random.Next(100, 25_000));
                timeline.Add($"step {i}", $"worker {lane}", at, at + length, (SpanKind)(i % 3), threadId: 100 + lane);
                at += length;
            }
        }
        return timeline;
    }

    [Benchmark(Description = "ToGantt().ToHtml(), 10,000 spans")]
    public string Html() => _timeline.ToGantt().ToHtml();

    [Benchmark(Description = "ToGantt().ToText(), 10,000 spans")]
    public string Text() => _timeline.ToGantt().ToText();

    [Benchmark(Description = "ToChromeTrace(), 10,000 spans")]
    public string Trace() => _timeline.ToChromeTrace();
}
