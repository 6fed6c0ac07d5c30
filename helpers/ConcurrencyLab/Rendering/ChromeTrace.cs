using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// Writes spans as Chrome trace-event JSON (the format Perfetto and chrome://tracing open): a complete event
/// (<c>"ph":"X"</c>) per span, one named track per lane ("M" thread_name metadata) in first-seen order.
/// </summary>
internal static class ChromeTrace
{
    public static string Write(string? title, IReadOnlyList<Span> spans)
    {
        var lanes = spans.Select(s => s.Lane).Distinct(StringComparer.Ordinal).ToList();
        var laneIds = lanes.Select((lane, i) => (lane, id: i + 1)).ToDictionary(p => p.lane, p => p.id, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("traceEvents");
            w.WriteStartObject();
            w.WriteString("name", "process_name");
            w.WriteString("ph", "M");
            w.WriteNumber("pid", 1);
            w.WriteStartObject("args");
            w.WriteString("name", title ?? "timeline");
            w.WriteEndObject();
            w.WriteEndObject();
            foreach (var lane in lanes)
            {
                w.WriteStartObject();
                w.WriteString("name", "thread_name");
                w.WriteString("ph", "M");
                w.WriteNumber("pid", 1);
                w.WriteNumber("tid", laneIds[lane]);
                w.WriteStartObject("args");
                w.WriteString("name", lane);
                w.WriteEndObject();
                w.WriteEndObject();
                // Keeps Perfetto's track order equal to the chart's lane order.
                w.WriteStartObject();
                w.WriteString("name", "thread_sort_index");
                w.WriteString("ph", "M");
                w.WriteNumber("pid", 1);
                w.WriteNumber("tid", laneIds[lane]);
                w.WriteStartObject("args");
                w.WriteNumber("sort_index", laneIds[lane]);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            foreach (var s in spans)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("cat", KindStyle.Of(s.Kind).Label);
                w.WriteString("ph", "X");
                w.WriteNumber("ts", Microseconds(s.Start));
                w.WriteNumber("dur", Microseconds(s.Duration));
                w.WriteNumber("pid", 1);
                w.WriteNumber("tid", laneIds[s.Lane]);
                w.WriteStartObject("args");
                w.WriteNumber("thread", s.ThreadId);
                w.WriteString("kind", s.Kind.ToString());
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("displayTimeUnit", "ms");
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Microseconds with the tick's full precision (1 tick = 0.1 µs), so a round trip gives the same TimeSpan.
    private static decimal Microseconds(TimeSpan t) => t.Ticks / 10m;
}
