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
        if (EndedText(player) is { } ended) text.AppendLine(ended);
        if (player.Frames.Count == 0) text.AppendLine("Nothing ran: call Run on a traced loop first.");
        foreach (var frame in player.Frames.Take(maxFrames))
        {
            text.AppendLine();
            AppendFrame(text, player, frame);
        }
        if (player.Frames.Count > maxFrames) text.AppendLine().Append("… ").Append(player.Frames.Count - maxFrames).AppendLine(" more ticks");
        if (LeftOutNote(player) is { } leftOut) text.AppendLine().AppendLine(leftOut);
        return text.ToString();
    }

    /// <summary>"ended: raised · ValueError: boom", or null when the run does not say how it ended.</summary>
    public static string? EndedText(LoopPlayer player) =>
        player.Ended is var (reason, detail) ? "ended: " + reason + (detail is null ? "" : " · " + detail) : null;

    /// <summary>What the player left out because the run was cut short, or null: "1,234 ticks left out" and why.</summary>
    public static string? LeftOutNote(LoopPlayer player)
    {
        if (!player.Truncated && player.TicksLeftOut == 0) return null;
        var count = player.TicksLeftOut > 0 ? Count(player.TicksLeftOut) + " left out" : "later ticks left out";
        return player.Run.FromTrace
            ? TruncatedNote + " (" + count + ")"
            : count + ": the recording kept only its first " + Count(player.Frames.Count) + ".";
    }

    private static string Count(long ticks) => ticks.ToString("N0", CultureInfo.InvariantCulture) + (ticks == 1 ? " tick" : " ticks");

    /// <summary>The badge of a queue entry that is asyncio's own bookkeeping (the HTML player's script says the same).</summary>
    public const string BookkeepingBadge = "asyncio's bookkeeping";

    /// <summary>Two players side by side as text: the comparison, then both sides of the first differing tick.</summary>
    public static string RenderSideBySide(LoopPlayer pair, int maxFrames)
    {
        if (maxFrames <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxFrames), maxFrames, "Show at least one tick: pass a positive maxFrames.");
        var comparison = pair.Comparison!;
        var (left, right) = (pair.Left!, pair.Right!);
        var text = new StringBuilder();
        text.AppendLine(pair.Title);
        text.Append(comparison.LeftName).Append(": ").Append(left.Title).Append(" · ").Append(Count(left.Frames.Count)).AppendLine();
        text.Append(comparison.RightName).Append(": ").Append(right.Title).Append(" · ").Append(Count(right.Frames.Count)).AppendLine();
        text.Append(comparison.Rows.Count).AppendLine(" aligned steps");
        if (comparison.FirstRow < 0) text.AppendLine("The runs agree tick by tick.");
        int listed = 0;
        foreach (var d in comparison.Differences)
        {
            if (++listed > maxFrames) { text.Append("… ").Append(comparison.Differences.Count - maxFrames).AppendLine(" more differences"); break; }
            text.Append(d.Row == comparison.FirstRow && d.ExplainedBy is null ? "FIRST DIFFERENCE " : "").Append("step ").Append(d.Row + 1)
                .Append(" (").Append(comparison.LeftName).Append(" tick ").Append(d.LeftTick?.ToString(CultureInfo.InvariantCulture) ?? "none")
                .Append(", ").Append(comparison.RightName).Append(" tick ").Append(d.RightTick?.ToString(CultureInfo.InvariantCulture) ?? "none").Append("): ")
                .Append(d.What).AppendLine(d.ExplainedBy is null ? "" : " [explained: " + d.ExplainedBy + "]");
        }
        if (comparison.FirstRow >= 0)
        {
            var (l, r) = comparison.Rows[comparison.FirstRow];
            foreach (var (index, player, name) in new[] { (l, left, comparison.LeftName), (r, right, comparison.RightName) })
            {
                text.AppendLine().Append("at the first difference, ").Append(name).AppendLine(":");
                if (index < 0) text.AppendLine("  (no tick here)");
                else AppendFrame(text, player, player.Frames[index]);
            }
        }
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
                .Append(callback.Cancelled ? "; cancelled: skipped" : "").Append(callback.Bookkeeping ? "; " + BookkeepingBadge : "").AppendLine("]");
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

        text.AppendLine("  timers (asyncio: loop._scheduled, cancelled ones not shown), soonest first");
        if (tick.Timers.Count == 0) text.AppendLine("    (none)");
        foreach (var timer in tick.Timers) text.Append("    due at ").Append(Time(timer.Due, player.IsVirtual)).Append(": ").AppendLine(timer.Label);
        if (tick.TimersPending > tick.Timers.Count) text.Append("    … ").Append(tick.TimersPending - tick.Timers.Count).AppendLine(" more");

        text.AppendLine("  tasks");
        if (frame.Tasks.Count == 0) text.AppendLine("    (none)");
        foreach (var task in frame.Tasks.Take(MaxListed))
        {
            text.Append("    ").Append(task.Name).Append(": ").Append(PhaseText(task.Phase)).Append(task.Detail is null ? "" : ", " + task.Detail).AppendLine();
            if (task.Where is { } where) text.Append("       at ").AppendLine(where);
        }
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
