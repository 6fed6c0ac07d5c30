using System.Text.Json;

namespace ConcurrencyLab;

public sealed partial class Timeline
{
    /// <summary>
    /// The spans as Chrome trace-event JSON: open the file in https://ui.perfetto.dev or chrome://tracing to zoom
    /// through a long run. Every span is a complete event (<c>"ph":"X"</c>) with <c>ts</c> and <c>dur</c> in
    /// microseconds; each lane becomes a named track ("M" thread_name metadata), in first-seen order.
    /// </summary>
    public string ToChromeTrace()
    {
        var spans = Spans;
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
            w.WriteString("name", Title ?? "timeline");
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
                w.WriteString("cat", KindName(s.Kind));
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

    private static string KindName(SpanKind kind) => kind switch
    {
        SpanKind.Cpu => "cpu",
        SpanKind.Blocked => "blocked",
        _ => "waiting",
    };
}
