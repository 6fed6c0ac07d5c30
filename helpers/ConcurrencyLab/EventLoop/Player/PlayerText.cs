using System.Globalization;
using System.Text;

namespace ConcurrencyLab;

/// <summary>The player as text: one block per tick, for terminals, logs and tests (and the HTML's no-script fallback).</summary>
internal static class PlayerText
{
    public static string Render(LoopPlayer player, int maxFrames)
    {
        if (maxFrames <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxFrames), maxFrames, "Show at least one tick: pass a positive maxFrames.");
        var text = new StringBuilder();
        text.Append(player.Title).Append(" · ").Append(player.Frames.Count).Append(player.Frames.Count == 1 ? " tick" : " ticks")
            .Append(player.IsVirtual ? " · virtual time" : " · real time").AppendLine();
        if (player.Frames.Count == 0) text.AppendLine("Nothing ran: call Run on a traced loop first.");
        foreach (var frame in player.Frames.Take(maxFrames))
        {
            text.AppendLine();
            AppendFrame(text, player, frame);
        }
        if (player.Frames.Count > maxFrames) text.AppendLine().Append("… ").Append(player.Frames.Count - maxFrames).AppendLine(" more ticks");
        if (player.Truncated) text.AppendLine().AppendLine(TruncatedNote);
        return text.ToString();
    }

    /// <summary>Most entries listed per list (queue, joined, tasks) in one tick's text: a tick of a thousand tasks stays readable.</summary>
    public const int MaxListed = 50;

    /// <summary>The note under a player whose trace filled up (the HTML player's script says the same).</summary>
    public const string TruncatedNote = "The trace stopped recording after 100,000 spans: later ticks are not shown.";

    public static void AppendFrame(StringBuilder text, LoopPlayer player, PlayerFrame frame)
    {
        var tick = frame.Tick;
        text.Append("tick ").Append(tick.Number).Append(" at ").Append(Time(tick.Time, player.IsVirtual)).AppendLine();

        text.AppendLine("  ready queue (asyncio: loop._ready), front first: all of it runs in this tick");
        if (tick.Queue.Count == 0) text.AppendLine("    (not recorded)");
        int position = 0;
        foreach (var callback in tick.Queue.Take(MaxListed))
        {
            text.Append("    ").Append(++position).Append(". ").Append(callback.Label).Append("  [").Append(OriginText(callback.Origin))
                .Append(callback.Cancelled ? "; cancelled: skipped" : "").AppendLine("]");
            if (callback.WokenBy is { } woken) text.Append("       woken by ").AppendLine(woken);
            if (callback.Note is { } note) text.Append("       not timed: it ").AppendLine(note);
            foreach (var line in callback.Printed) text.Append("       prints \"").Append(line).AppendLine("\"");
            if (callback.Task is { } task)
                text.Append("       ").Append(task).Append(callback.TaskFinished ? " finished" : " then awaits " + (callback.Awaits ?? "something not recorded")).AppendLine();
        }
        More(text, tick.Queue.Count);

        text.AppendLine(frame.IsLast ? "  left in the queue when the loop stopped (dropped)" : "  joined the queue during this tick (runs in the next tick)");
        if (frame.JoinedQueue.Count == 0) text.AppendLine("    (nothing)");
        position = 0;
        foreach (var callback in frame.JoinedQueue.Take(MaxListed)) text.Append("    ").Append(++position).Append(". ").AppendLine(callback.Label);
        More(text, frame.JoinedQueue.Count);

        text.AppendLine("  timers (asyncio: loop._scheduled), soonest first");
        if (tick.Timers.Count == 0) text.AppendLine("    (none)");
        foreach (var timer in tick.Timers) text.Append("    due at ").Append(Time(timer.Due, player.IsVirtual)).Append(": ").AppendLine(timer.Label);
        if (tick.TimersPending > tick.Timers.Count) text.Append("    … ").Append(tick.TimersPending - tick.Timers.Count).AppendLine(" more");

        text.AppendLine("  tasks");
        if (frame.Tasks.Count == 0) text.AppendLine("    (none)");
        foreach (var task in frame.Tasks.Take(MaxListed))
            text.Append("    ").Append(task.Name).Append(": ").Append(PhaseText(task.Phase)).Append(task.Detail is null ? "" : ", " + task.Detail).AppendLine();
        More(text, frame.Tasks.Count);
    }

    private static void More(StringBuilder text, int count)
    {
        if (count > MaxListed) text.Append("    … ").Append(count - MaxListed).AppendLine(" more");
    }

    public static string OriginText(QueueOrigin origin) => origin switch
    {
        QueueOrigin.Scheduled => "queued on the loop",
        QueueOrigin.OtherThread => "from another thread",
        _ => "timer due",
    };

    public static string PhaseText(TaskPhase phase) => phase switch
    {
        TaskPhase.Created => "created",
        TaskPhase.Running => "running",
        TaskPhase.Ready => "ready",
        TaskPhase.Waiting => "waiting",
        _ => "done",
    };

    /// <summary>Virtual time in seconds (the lessons' unit); real time in milliseconds, where the interesting gaps are.</summary>
    public static string Time(TimeSpan time, bool isVirtual) => isVirtual
        ? time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s"
        : time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
