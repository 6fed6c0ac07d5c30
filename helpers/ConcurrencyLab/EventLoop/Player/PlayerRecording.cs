using System.Globalization;
using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// The player recording, JSON format <c>concurrency-lab/player</c> version 1: one run of an event loop tick by tick,
/// as the Python recorder writes it for CPython's loop and as <see cref="LoopPlayer.ToJson"/> writes it for the C#
/// loop. Keys are camelCase; times are seconds of loop time. Reading rejects anything else, naming the first thing
/// wrong and where. Keys it does not know are ignored, so a writer may add some (the C# loop adds <c>note</c>); a key
/// whose value may be null (<c>python</c>, <c>task</c>, <c>wokenBy</c>, <c>awaits</c>, <c>detail</c>, <c>line</c>,
/// <c>code</c>) may also be left out, and <c>bookkeeping</c> is false unless present.
/// </summary>
internal static class PlayerRecording
{
    public static PlayerRun Read(string json)
    {
        using (var document = JsonInput.Parse(json, "The player recording", $"Pass the text the recorder wrote (format \"{LoopPlayer.RecordingFormat}\")."))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException($"The player recording must be a JSON object with \"format\": \"{LoopPlayer.RecordingFormat}\"; this is a JSON {root.ValueKind.ToString().ToLowerInvariant()}.");
            var format = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            if (format != LoopPlayer.RecordingFormat)
                throw new FormatException(format is null
                    ? $"This JSON is not a player recording: it has no \"format\" (expected \"{LoopPlayer.RecordingFormat}\")."
                    : $"This JSON is a \"{format}\", not a player recording (\"{LoopPlayer.RecordingFormat}\").");
            var version = Int(root, "version", "the recording");
            if (version != LoopPlayer.RecordingVersion)
                throw new FormatException($"This player recording is version {version}; this reader knows version {LoopPlayer.RecordingVersion} only.");

            var loop = Str(root, "loop", "the recording");
            if (loop is not ("cpython" or "dotnet"))
                throw new FormatException($"The recording's \"loop\" is \"{loop}\": expected \"cpython\" or \"dotnet\".");
            var ended = Get(root, "ended", "the recording", JsonValueKind.Object);
            var taskNames = Get(root, "tasks", "the recording", JsonValueKind.Array).EnumerateArray()
                .Select((t, i) => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw Wrong($"tasks[{i}]", "a string", t)).ToArray();
            var isVirtual = Bool(root, "virtual", "the recording");

            var ticks = new List<Tick>();
            var frames = new List<PlayerFrame>();
            var tickArray = Get(root, "ticks", "the recording", JsonValueKind.Array);
            int count = tickArray.GetArrayLength(), index = 0;
            foreach (var t in tickArray.EnumerateArray())
            {
                var where = $"ticks[{index}]";
                if (t.ValueKind != JsonValueKind.Object) throw Wrong(where, "an object", t);
                var number = Long(t, "number", where);
                where = $"tick {number} (ticks[{index}])";
                var queue = Get(t, "queue", where, JsonValueKind.Array).EnumerateArray().Select((c, i) => Callback(c, $"{where}.queue[{i}]")).ToArray();
                var timers = Get(t, "timers", where, JsonValueKind.Array).EnumerateArray().Select((m, i) =>
                {
                    var at = $"{where}.timers[{i}]";
                    if (m.ValueKind != JsonValueKind.Object) throw Wrong(at, "an object", m);
                    return new PendingTimer(Str(m, "label", at), Seconds(m, "due", at));
                }).ToArray();
                var tick = new Tick(number, Seconds(t, "time", where), Int(t, "ready", where), Int(t, "timersPending", where), queue.Select(c => c.Label).ToArray())
                {
                    Queue = queue,
                    Timers = timers,
                };
                var joined = Get(t, "joined", where, JsonValueKind.Array).EnumerateArray()
                    .Select((j, i) => j.ValueKind == JsonValueKind.String ? new TickCallback(j.GetString(), QueueOrigin.Scheduled, cancelled: false) : throw Wrong($"{where}.joined[{i}]", "a string", j))
                    .ToArray();
                var states = Get(t, "taskStates", where, JsonValueKind.Array).EnumerateArray().Select((s, i) => Snapshot(s, $"{where}.taskStates[{i}]")).ToArray();
                ticks.Add(tick);
                frames.Add(new PlayerFrame(tick, joined, states) { IsLast = index == count - 1 });
                index++;
            }

            return new PlayerRun(Str(root, "title", "the recording"), isVirtual, ticks, frames, taskNames)
            {
                Loop = loop,
                Python = OptionalStr(root, "python", "the recording"),
                Ended = (Str(ended, "reason", "\"ended\""), OptionalStr(ended, "detail", "\"ended\"")),
                Truncated = Bool(root, "truncated", "the recording"),
                TicksLeftOut = Long(root, "ticksLeftOut", "the recording"),
            };
        }
    }

    private static TickCallback Callback(JsonElement c, string where)
    {
        if (c.ValueKind != JsonValueKind.Object) throw Wrong(where, "an object", c);
        var origin = Str(c, "origin", where);
        var callback = new TickCallback(Str(c, "label", where), origin switch
        {
            "Scheduled" => QueueOrigin.Scheduled,
            "OtherThread" => QueueOrigin.OtherThread,
            "TimerDue" => QueueOrigin.TimerDue,
            _ => throw new FormatException($"The player recording's {where} has \"origin\": \"{origin}\": expected Scheduled, OtherThread or TimerDue."),
        }, Bool(c, "cancelled", where))
        {
            Bookkeeping = c.TryGetProperty("bookkeeping", out var b) && b.ValueKind == JsonValueKind.True,
            Note = OptionalStr(c, "note", where),
        };
        callback.Task = OptionalStr(c, "task", where);
        callback.WokenBy = OptionalStr(c, "wokenBy", where);
        callback.Awaits = OptionalStr(c, "awaits", where);
        callback.TaskFinished = Bool(c, "taskFinished", where);
        var printed = Get(c, "printed", where, JsonValueKind.Array).EnumerateArray()
            .Select((p, i) => p.ValueKind == JsonValueKind.String ? p.GetString()! : throw Wrong($"{where}.printed[{i}]", "a string", p)).ToList();
        callback.SetPrinted(printed);
        return callback;
    }

    private static TaskSnapshot Snapshot(JsonElement s, string where)
    {
        if (s.ValueKind != JsonValueKind.Object) throw Wrong(where, "an object", s);
        var phase = Str(s, "phase", where);
        return new TaskSnapshot(Str(s, "name", where), phase switch
        {
            "Created" => TaskPhase.Created,
            "Running" => TaskPhase.Running,
            "Ready" => TaskPhase.Ready,
            "Waiting" => TaskPhase.Waiting,
            "Done" => TaskPhase.Done,
            _ => throw new FormatException($"The player recording's {where} has \"phase\": \"{phase}\": expected Created, Running, Ready, Waiting or Done."),
        }, OptionalStr(s, "detail", where))
        {
            Line = s.TryGetProperty("line", out var l) && l.ValueKind != JsonValueKind.Null
                ? l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var line) ? line : throw Wrong($"{where}.line", "a whole number or null", l)
                : null,
            Code = OptionalStr(s, "code", where),
        };
    }

    private static JsonElement Get(JsonElement e, string key, string where, JsonValueKind kind)
    {
        if (!e.TryGetProperty(key, out var value))
            throw new FormatException($"The player recording's {where} is missing \"{key}\".");
        if (value.ValueKind != kind)
            throw Wrong($"{where}.{key}", kind switch { JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string", _ => "a number" }, value);
        return value;
    }

    private static string Str(JsonElement e, string key, string where) => Get(e, key, where, JsonValueKind.String).GetString()!;

    /// <summary>A string that may be null or absent (the recorder writes null when it does not know).</summary>
    private static string? OptionalStr(JsonElement e, string key, string where) =>
        !e.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong($"{where}.{key}", "a string or null", value);

    private static bool Bool(JsonElement e, string key, string where)
    {
        if (!e.TryGetProperty(key, out var value)) throw new FormatException($"The player recording's {where} is missing \"{key}\".");
        return value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Wrong($"{where}.{key}", "true or false", value) };
    }

    private static long Long(JsonElement e, string key, string where) =>
        Get(e, key, where, JsonValueKind.Number) is var n && n.TryGetInt64(out var value) ? value : throw Wrong($"{where}.{key}", "a whole number", n);

    private static int Int(JsonElement e, string key, string where) =>
        Get(e, key, where, JsonValueKind.Number) is var n && n.TryGetInt32(out var value) ? value : throw Wrong($"{where}.{key}", "a whole number", n);

    private static TimeSpan Seconds(JsonElement e, string key, string where)
    {
        var n = Get(e, key, where, JsonValueKind.Number);
        var seconds = n.GetDouble();
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > 1e9) throw Wrong($"{where}.{key}", "seconds of loop time", n);
        return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    private static FormatException Wrong(string where, string expected, JsonElement value)
    {
        var raw = value.GetRawText();
        if (raw.Length > 40) raw = raw[..40] + "…";
        return new FormatException($"The player recording's {where} should be {expected}, not {raw}.");
    }

    /// <summary>The recording of <paramref name="run"/>, at most <paramref name="maxTicks"/> ticks (the rest counted as left out).</summary>
    public static string Write(PlayerRun run, int maxTicks) => ScriptJson.Write(w =>
    {
        var kept = Math.Min(maxTicks, run.Frames.Count);
        w.WriteStartObject();
        w.WriteString("format", LoopPlayer.RecordingFormat);
        w.WriteNumber("version", LoopPlayer.RecordingVersion);
        w.WriteString("title", run.Title);
        w.WriteString("loop", run.Loop);
        if (run.Python is not null) w.WriteString("python", run.Python);
        w.WriteBoolean("virtual", run.IsVirtual);
        w.WriteStartObject("ended");
        var (reason, detail) = run.Ended ?? ("completed", null);
        w.WriteString("reason", reason);
        if (detail is null) w.WriteNull("detail");
        else w.WriteString("detail", detail);
        w.WriteEndObject();
        w.WriteBoolean("truncated", run.Truncated || kept < run.Frames.Count);
        w.WriteNumber("ticksLeftOut", run.TicksLeftOut + (run.Frames.Count - kept));
        w.WriteStartArray("tasks");
        foreach (var name in run.TaskNames) w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteStartArray("ticks");
        for (int i = 0; i < kept; i++)
        {
            var frame = run.Frames[i];
            var tick = frame.Tick;
            w.WriteStartObject();
            w.WriteNumber("number", tick.Number);
            w.WriteNumber("time", tick.Time.Ticks / (double)TimeSpan.TicksPerSecond);
            w.WriteNumber("ready", tick.Ready);
            w.WriteNumber("timersPending", tick.TimersPending);
            w.WriteStartArray("queue");
            foreach (var c in tick.Queue)
            {
                w.WriteStartObject();
                w.WriteString("label", c.Label);
                w.WriteString("origin", c.Origin.ToString());
                w.WriteBoolean("cancelled", c.Cancelled);
                NullableString(w, "task", c.Task);
                NullableString(w, "wokenBy", c.WokenBy);
                NullableString(w, "awaits", c.Task is null || c.TaskFinished ? null : c.Awaits);
                w.WriteBoolean("taskFinished", c.TaskFinished);
                w.WriteStartArray("printed");
                foreach (var line in c.Printed) w.WriteStringValue(line);
                w.WriteEndArray();
                if (c.Bookkeeping) w.WriteBoolean("bookkeeping", true);
                if (c.Note is not null) w.WriteString("note", c.Note); // the C# loop's "not timed" note: a key the format allows as extra
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("joined");
            foreach (var c in frame.JoinedQueue) w.WriteStringValue(c.Label);
            w.WriteEndArray();
            w.WriteStartArray("timers");
            foreach (var timer in tick.Timers)
            {
                w.WriteStartObject();
                w.WriteString("label", timer.Label);
                w.WriteNumber("due", timer.Due.Ticks / (double)TimeSpan.TicksPerSecond);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("taskStates");
            foreach (var task in frame.Tasks)
            {
                w.WriteStartObject();
                w.WriteString("name", task.Name);
                w.WriteString("phase", task.Phase.ToString());
                NullableString(w, "detail", task.Detail);
                if (task.Line is { } line) w.WriteNumber("line", line);
                else w.WriteNull("line");
                NullableString(w, "code", task.Code);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void NullableString(Utf8JsonWriter w, string key, string? value)
    {
        if (value is null) w.WriteNull(key);
        else w.WriteString(key, value);
    }

    /// <summary>"1.5 s": seconds as the comparison's messages write them.</summary>
    public static string SecondsText(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
}
