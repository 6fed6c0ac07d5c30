using System.Text;
using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// The player's HTML fragment: the text version first (what a viewer that runs no scripts shows), the run's
/// frames as inert JSON, and a script that builds the interactive view in place of the text. Every user string
/// reaches the page either HTML-encoded (the text) or as JSON that the script puts in with <c>textContent</c>.
/// </summary>
internal static class PlayerHtml
{
    private static long _counter;

    /// <summary>Ticks the no-script text shows; the interactive view has them all (up to maxFrames).</summary>
    private const int FallbackFrames = 30;

    /// <summary>Most entries per list per tick in the page (the rest are counted): a run of a thousand tasks stays a page, not megabytes.</summary>
    internal const int MaxListed = 200;

    public static string Render(LoopPlayer player, int maxFrames)
    {
        // Unique per fragment: a notebook holds many outputs, and re-running a cell adds another.
        var id = $"concurrency-lab-player-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..48];
        var json = ScriptJson.Write(w => WriteData(w, player, maxFrames));
        var html = new StringBuilder(json.Length + 16_000);
        html.Append("<div class=\"concurrency-lab-player\" id=\"").Append(id).Append("\" tabindex=\"0\">")
            .Append("<pre class=\"clp-text\" style=\"font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;line-height:1.2;margin:0;white-space:pre;overflow-x:auto\">")
            .Append(PlotlyHtml.HtmlText(PlayerText.Render(player, FallbackFrames)))
            .Append("</pre>")
            .Append("<script type=\"application/json\" class=\"clp-data\">").Append(json).Append("</script>")
            .Append("</div>\n")
            .Append("<script type=\"text/javascript\">\n(function () {\n")
            // The first element with this id not yet set up: the same output can appear twice on a page (a copied
            // cell, an editor's duplicate render), and each copy's script then takes the next copy.
            .Append("var root = Array.prototype.filter.call(document.querySelectorAll('[id=\"").Append(id)
            .Append("\"]'), function (e) { return !e.getAttribute('data-ready'); })[0];\n")
            .Append(PlayerScript.Source)
            .Append("})();\n</script>\n");
        return html.ToString();
    }

    private static void WriteData(Utf8JsonWriter w, LoopPlayer player, int maxFrames)
    {
        var strings = new StringTable();
        var frames = player.Frames.Take(maxFrames).ToList();
        w.WriteStartObject();
        w.WriteString("title", player.Title);
        w.WriteString("clock", player.IsVirtual ? "virtual time" : "real time");
        w.WriteBoolean("truncated", player.Truncated);
        w.WriteNumber("total", player.Frames.Count);
        w.WriteStartArray("f");
        foreach (var frame in frames)
        {
            var tick = frame.Tick;
            w.WriteStartObject();
            w.WriteNumber("n", tick.Number);
            w.WriteString("t", PlayerText.Time(tick.Time, player.IsVirtual));
            w.WriteNumber("tp", tick.TimersPending);
            w.WriteBoolean("last", frame.IsLast);
            w.WriteStartArray("q");
            foreach (var c in tick.Queue.Take(MaxListed))
            {
                // [label, origin, cancelled, task, woken by, awaits, finished, printed lines, note]
                w.WriteStartArray();
                w.WriteNumberValue(strings[c.Label]);
                w.WriteStringValue(PlayerText.OriginText(c.Origin));
                w.WriteBooleanValue(c.Cancelled);
                w.WriteNumberValue(strings[c.Task]);
                w.WriteNumberValue(strings[c.WokenBy]);
                w.WriteNumberValue(strings[c.Task is null || c.TaskFinished ? null : c.Awaits ?? "something not recorded"]);
                w.WriteBooleanValue(c.TaskFinished);
                w.WriteStartArray();
                foreach (var line in c.Printed) w.WriteNumberValue(strings[line]);
                w.WriteEndArray();
                w.WriteNumberValue(strings[c.Note]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteNumber("qx", Math.Max(0, tick.Queue.Count - MaxListed));
            w.WriteStartArray("j");
            foreach (var c in frame.JoinedQueue.Take(MaxListed)) w.WriteNumberValue(strings[c.Label]);
            w.WriteEndArray();
            w.WriteNumber("jx", Math.Max(0, frame.JoinedQueue.Count - MaxListed));
            w.WriteStartArray("tm");
            foreach (var timer in tick.Timers)
            {
                w.WriteStartArray();
                w.WriteNumberValue(strings[timer.Label]);
                w.WriteStringValue(PlayerText.Time(timer.Due, player.IsVirtual));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("k");
            foreach (var task in frame.Tasks.Take(MaxListed))
            {
                w.WriteStartArray();
                w.WriteNumberValue(strings[task.Name]);
                w.WriteStringValue(PlayerText.PhaseText(task.Phase));
                w.WriteNumberValue(strings[task.Detail]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteNumber("kx", Math.Max(0, frame.Tasks.Count - MaxListed));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        // Written last: the frames above filled it.
        w.WriteStartArray("s");
        foreach (var s in strings.All) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Each distinct string once; frames refer to it by index (-1 for none): labels repeat tick after tick.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _all = new();

        public IReadOnlyList<string> All => _all;

        public int this[string? text]
        {
            get
            {
                if (text is null) return -1;
                if (!_index.TryGetValue(text, out var i))
                {
                    i = _all.Count;
                    _all.Add(text);
                    _index[text] = i;
                }
                return i;
            }
        }
    }
}
