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
        var json = ScriptJson.Write(w => WriteData(w, player, Math.Min(maxFrames, player.Frames.Count)));
        return Fragment("concurrency-lab-player", PlayerText.Render(player, FallbackFrames), [json], null);
    }

    /// <summary>
    /// Two players in one fragment, stepped by one slider: each side's frames as in <see cref="Render"/>, and the
    /// aligned rows (a frame index per side, -1 for none) with each row's differences and the first one that counts.
    /// </summary>
    public static string RenderSideBySide(LoopPlayer pair, int maxFrames)
    {
        var comparison = pair.Comparison!;
        var rows = comparison.Rows.Take(maxFrames).ToList();
        int leftFrames = rows.Count == 0 ? 0 : rows.Max(r => r.Left) + 1, rightFrames = rows.Count == 0 ? 0 : rows.Max(r => r.Right) + 1;
        var left = ScriptJson.Write(w => WriteData(w, pair.Left!, leftFrames, comparison.LeftName));
        var right = ScriptJson.Write(w => WriteData(w, pair.Right!, rightFrames, comparison.RightName));
        var rowsJson = ScriptJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("title", pair.Title);
            w.WriteNumber("total", comparison.Rows.Count);
            w.WriteNumber("first", comparison.FirstRow < rows.Count ? comparison.FirstRow : -1);
            w.WriteNumber("firstBeyond", comparison.FirstRow >= rows.Count ? comparison.FirstRow + 1 : 0);
            w.WriteStartArray("rows");
            var byRow = comparison.Differences.Where(d => d.Row < rows.Count).ToLookup(d => d.Row);
            for (int i = 0; i < rows.Count; i++)
            {
                // [left frame, right frame, [[what, explained by or null], ...]]
                w.WriteStartArray();
                w.WriteNumberValue(rows[i].Left);
                w.WriteNumberValue(rows[i].Right);
                w.WriteStartArray();
                foreach (var d in byRow[i].Take(MaxListed))
                {
                    w.WriteStartArray();
                    w.WriteStringValue(d.What);
                    if (d.ExplainedBy is null) w.WriteNullValue();
                    else w.WriteStringValue(d.ExplainedBy);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return Fragment("concurrency-lab-player clp-pair", PlayerText.RenderSideBySide(pair, FallbackFrames), [left, right], rowsJson);
    }

    private static string Fragment(string classes, string fallbackText, string[] data, string? pair)
    {
        // Unique per fragment: a notebook holds many outputs, and re-running a cell adds another.
        var id = $"concurrency-lab-player-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..48];
        var html = new StringBuilder(data.Sum(d => d.Length) + (pair?.Length ?? 0) + 16_000);
        html.Append("<div class=\"").Append(classes).Append("\" id=\"").Append(id).Append("\" tabindex=\"0\">")
            .Append("<pre class=\"clp-text\" style=\"font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;line-height:1.2;margin:0;white-space:pre;overflow-x:auto\">")
            .Append(PlotlyHtml.HtmlText(fallbackText))
            .Append("</pre>");
        foreach (var json in data) html.Append("<script type=\"application/json\" class=\"clp-data\">").Append(json).Append("</script>");
        if (pair is not null) html.Append("<script type=\"application/json\" class=\"clp-rows\">").Append(pair).Append("</script>");
        html.Append("</div>\n")
            .Append("<script type=\"text/javascript\">\n(function () {\n")
            // The first element with this id not yet set up: the same output can appear twice on a page (a copied
            // cell, an editor's duplicate render), and each copy's script then takes the next copy.
            .Append("var root = Array.prototype.filter.call(document.querySelectorAll('[id=\"").Append(id)
            .Append("\"]'), function (e) { return !e.getAttribute('data-ready'); })[0];\n")
            .Append(PlayerScript.Source)
            .Append("})();\n</script>\n");
        return html.ToString();
    }

    private static void WriteData(Utf8JsonWriter w, LoopPlayer player, int frameCount, string? side = null)
    {
        var strings = new StringTable();
        var frames = player.Frames.Take(frameCount).ToList();
        w.WriteStartObject();
        w.WriteString("title", player.Title);
        if (side is not null) w.WriteString("side", side);
        w.WriteString("clock", player.IsVirtual ? "virtual time" : "real time");
        w.WriteBoolean("truncated", player.Truncated);
        if (PlayerText.LeftOutNote(player) is { } leftOut) w.WriteString("leftOut", leftOut);
        if (PlayerText.EndedText(player) is { } ended) w.WriteString("ended", ended);
        w.WriteNumber("total", player.Frames.Count);
        w.WriteStartArray("f");
        foreach (var frame in frames)
        {
            var tick = frame.Tick;
            w.WriteStartObject();
            w.WriteNumber("n", tick.Number);
            w.WriteString("t", PlayerText.Time(tick.Time, player.IsVirtual));
            w.WriteNumber("tp", tick.TimersPending);
            if (frame.IsLast) w.WriteBoolean("last", true); // absent: false
            w.WriteStartArray("q");
            foreach (var c in tick.Queue.Take(MaxListed))
            {
                // [label, origin, cancelled, task, woken by, awaits, finished, printed lines, note, asyncio's bookkeeping]:
                // strings as indexes into "s" (-1: none), flags as 1/0, so ten thousand frames stay small
                w.WriteStartArray();
                w.WriteNumberValue(strings[c.Label]);
                w.WriteNumberValue(strings[PlayerText.OriginText(c.Origin)]);
                w.WriteNumberValue(c.Cancelled ? 1 : 0);
                w.WriteNumberValue(strings[c.Task]);
                w.WriteNumberValue(strings[c.WokenBy]);
                w.WriteNumberValue(strings[c.Task is null || c.TaskFinished ? null : c.Awaits ?? "something not recorded"]);
                w.WriteNumberValue(c.TaskFinished ? 1 : 0);
                w.WriteStartArray();
                foreach (var line in c.Printed) w.WriteNumberValue(strings[line]);
                w.WriteEndArray();
                w.WriteNumberValue(strings[c.Note]);
                w.WriteNumberValue(c.Bookkeeping ? 1 : 0);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            More(w, "qx", tick.Queue.Count);
            w.WriteStartArray("j");
            foreach (var c in frame.JoinedQueue.Take(MaxListed)) w.WriteNumberValue(strings[c.Label]);
            w.WriteEndArray();
            More(w, "jx", frame.JoinedQueue.Count);
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
                w.WriteNumberValue(strings[PlayerText.PhaseText(task.Phase)]);
                w.WriteNumberValue(strings[task.Detail]);
                w.WriteNumberValue(strings[task.Where]); // "line 5: await asyncio.sleep(1)", -1 when not known
                w.WriteEndArray();
            }
            w.WriteEndArray();
            More(w, "kx", frame.Tasks.Count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        // Written last: the frames above filled it.
        w.WriteStartArray("s");
        foreach (var s in strings.All) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>How many of <paramref name="count"/> entries the page leaves out, written only when some are.</summary>
    private static void More(Utf8JsonWriter w, string key, int count)
    {
        if (count > MaxListed) w.WriteNumber(key, count - MaxListed);
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
