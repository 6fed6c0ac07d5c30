using System.Text.Json;

namespace ConcurrencyLab.Tests;

public sealed class ChromeTraceTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Reads a trace back into spans: lanes from the thread_name metadata, kind from the category.</summary>
    private static List<Span> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("ms", doc.RootElement.GetProperty("displayTimeUnit").GetString());
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var lanes = events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("tid").GetInt32(), e => e.GetProperty("args").GetProperty("name").GetString()!);
        return events.Where(e => e.GetProperty("ph").GetString() == "X").Select(e =>
        {
            var start = TimeSpan.FromTicks((long)(e.GetProperty("ts").GetDecimal() * 10));
            var end = start + TimeSpan.FromTicks((long)(e.GetProperty("dur").GetDecimal() * 10));
            var kind = e.GetProperty("cat").GetString() switch { "cpu" => SpanKind.Cpu, "blocked" => SpanKind.Blocked, "waiting" => SpanKind.Waiting, var c => throw new InvalidDataException(c) };
            Assert.Equal(1, e.GetProperty("pid").GetInt32());
            return new Span(e.GetProperty("name").GetString()!, lanes[e.GetProperty("tid").GetInt32()], start, end, kind,
                e.GetProperty("args").GetProperty("thread").GetInt32());
        }).ToList();
    }

    [Fact]
    public void Round_trips_to_the_same_spans()
    {
        var t = BrowserRenderingTests.NineSpans();
        t.Add("odd ticks", "worker D", TimeSpan.FromTicks(12_345_671), TimeSpan.FromTicks(22_345_679), SpanKind.Blocked, threadId: 11);
        t.Add("\"quoted\" </script> ✓ \u2028", "lane \\ with \"escapes\"", Ms(1), Ms(2), SpanKind.Waiting);

        var back = Parse(t.ToChromeTrace());

        Assert.Equal(t.Spans, back);
    }

    [Fact]
    public void Uses_complete_events_in_microseconds_and_names_lanes_in_first_seen_order()
    {
        var t = new Timeline("kitchen");
        t.Add("fry", "cook", Ms(1.5), Ms(4), SpanKind.Cpu);
        t.Add("take order", "cashier", Ms(2), Ms(3), SpanKind.Waiting);

        using var doc = JsonDocument.Parse(t.ToChromeTrace());
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();

        var fry = events.Single(e => e.GetProperty("name").GetString() == "fry");
        Assert.Equal("X", fry.GetProperty("ph").GetString());
        Assert.Equal(1500m, fry.GetProperty("ts").GetDecimal());
        Assert.Equal(2500m, fry.GetProperty("dur").GetDecimal());
        var threadNames = events.Where(e => e.GetProperty("name").GetString() == "thread_name")
            .Select(e => (e.GetProperty("tid").GetInt32(), e.GetProperty("args").GetProperty("name").GetString())).ToList();
        Assert.Equal([(1, "cook"), (2, "cashier")], threadNames);
        var process = events.Single(e => e.GetProperty("name").GetString() == "process_name");
        Assert.Equal("kitchen", process.GetProperty("args").GetProperty("name").GetString());
    }

    [Fact]
    public void An_empty_timeline_is_a_valid_trace_with_no_events()
    {
        var json = new Timeline().ToChromeTrace();

        Assert.Empty(Parse(json));
    }
}
