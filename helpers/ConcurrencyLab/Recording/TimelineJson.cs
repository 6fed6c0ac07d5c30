using System.Globalization;
using System.Text.Json;

namespace ConcurrencyLab;

// Reading spans recorded elsewhere: the Python helpers (helpers/python, Timeline.to_json()) hand their runs over
// in this shape, so an asyncio run and the same program in C# are drawn by the same GanttChart.
public sealed partial class Timeline
{
    /// <summary>The <c>format</c> a timeline document declares.</summary>
    public const string JsonFormat = "concurrency-lab/timeline";

    /// <summary>The <c>version</c> of the shape this library reads.</summary>
    public const int JsonVersion = 1;

    /// <summary>
    /// A timeline from JSON in the exchange shape (what Python's <c>Timeline.to_json()</c> and
    /// <c>VirtualTimeLoop.trace.to_json()</c> write):
    /// <code>
    /// {"format": "concurrency-lab/timeline", "version": 1, "title": "asyncio",
    ///  "spans": [{"name": "fetch", "lane": "task 1", "start": 0.0, "end": 1.002, "kind": "Waiting", "thread": 4711}]}
    /// </code>
    /// Times are seconds from the recording's origin; <c>kind</c> is Cpu, Blocked or Waiting; <c>thread</c>,
    /// <c>title</c>, <c>format</c> and <c>version</c> may be left out; other properties are ignored.
    /// </summary>
    /// <exception cref="FormatException">The text is not JSON, or not this shape: the message names the span and what is wrong.</exception>
    public static Timeline FromJson(string json)
    {
        using (var document = JsonInput.Parse(json, "Timeline JSON", "Pass the text of Timeline.to_json() from the Python helpers."))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad($"the document must be an object with a \"spans\" array, not {Describe(root)}.");
            CheckFormat(root);
            var title = root.TryGetProperty("title", out var t) && t.ValueKind != JsonValueKind.Null
                ? t.ValueKind == JsonValueKind.String ? t.GetString() : throw Bad($"\"title\" must be a string or null, not {Describe(t)}.")
                : null;
            if (!root.TryGetProperty("spans", out var spans))
                throw Bad("the document has no \"spans\" array.");
            if (spans.ValueKind != JsonValueKind.Array)
                throw Bad($"\"spans\" must be an array, not {Describe(spans)}.");
            var timeline = new Timeline(title);
            var index = 0;
            foreach (var span in spans.EnumerateArray())
            {
                AddSpan(timeline, span, index);
                index++;
            }
            return timeline;
        }
    }

    private static void CheckFormat(JsonElement root)
    {
        if (root.TryGetProperty("format", out var format))
        {
            var name = format.ValueKind == JsonValueKind.String ? format.GetString() : null;
            if (name == "concurrency-lab/ticks")
                throw Bad("this is a tick log (\"concurrency-lab/ticks\"), not a timeline: pass the loop's trace (loop.trace.to_json()) instead.");
            if (name != JsonFormat)
                throw Bad($"\"format\" is {format.GetRawText()}, expected \"{JsonFormat}\".");
        }
        if (root.TryGetProperty("version", out var version)
            && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == JsonVersion))
            throw Bad($"\"version\" is {version.GetRawText()}; this library reads version {JsonVersion}. Update the helpers on both sides together.");
    }

    private static void AddSpan(Timeline timeline, JsonElement span, int index)
    {
        var where = $"span {index}";
        if (span.ValueKind != JsonValueKind.Object)
            throw Bad($"{where} must be an object with name, lane, start, end and kind, not {Describe(span)}.");
        var name = RequiredString(span, "name", where);
        where = $"span {index} ('{name}')";
        var lane = RequiredString(span, "lane", where);
        var start = Seconds(span, "start", where);
        var end = Seconds(span, "end", where);
        var kind = Kind(span, where);
        var thread = 0;
        if (span.TryGetProperty("thread", out var t) && t.ValueKind != JsonValueKind.Null && !t.TryGetInt32(out thread))
            throw Bad($"{where}: \"thread\" must be a whole number (an OS thread id), not {t.GetRawText()}.");
        if (start < TimeSpan.Zero)
            throw Bad($"{where} starts at {Ms(start)} ms, before the recording's origin: a negative start.");
        if (end < start)
            throw Bad($"{where} ends ({Ms(end)} ms) before it starts ({Ms(start)} ms): a negative duration. Check the clock it was recorded with.");
        timeline.Add(name, lane, start, end, kind, thread);
    }

    private static string RequiredString(JsonElement span, string property, string where)
    {
        if (!span.TryGetProperty(property, out var value))
            throw Bad($"{where} has no \"{property}\".");
        if (value.ValueKind != JsonValueKind.String)
            throw Bad($"{where}: \"{property}\" must be a string, not {Describe(value)}.");
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
            throw Bad($"{where}: \"{property}\" is empty; every span needs a {(property == "name" ? "name (its label)" : "lane (its row)")}.");
        return text;
    }

    private static TimeSpan Seconds(JsonElement span, string property, string where)
    {
        if (!span.TryGetProperty(property, out var value))
            throw Bad($"{where} has no \"{property}\" (seconds from the origin).");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || !double.IsFinite(seconds))
            throw Bad($"{where}: \"{property}\" must be a number of seconds, not {Describe(value)}.");
        if (Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds / 2)
            throw Bad($"{where}: \"{property}\" is {value.GetRawText()} s, far beyond any recording; times are seconds, not ticks or nanoseconds.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static SpanKind Kind(JsonElement span, string where)
    {
        if (!span.TryGetProperty("kind", out var value))
            throw Bad($"{where} has no \"kind\" (Cpu, Blocked or Waiting).");
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            foreach (var kind in Enum.GetValues<SpanKind>())
                if (string.Equals(text, kind.ToString(), StringComparison.Ordinal)) return kind;
        }
        throw Bad($"{where}: unknown kind {value.GetRawText()}; use \"Cpu\", \"Blocked\" or \"Waiting\".");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static FormatException Bad(string problem) => new($"Timeline JSON: {problem}");
}
