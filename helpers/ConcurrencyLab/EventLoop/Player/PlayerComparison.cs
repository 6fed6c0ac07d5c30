namespace ConcurrencyLab;

/// <summary>One difference between two runs at one aligned row; <see cref="ExplainedBy"/> null means it counts.</summary>
internal sealed record PlayerDifference(int Row, long? LeftTick, long? RightTick, string What, string? ExplainedBy);

/// <summary>
/// Two runs compared tick by tick. Alignment: both are walked in order; a tick whose queue holds only asyncio's
/// bookkeeping (entries flagged <see cref="TickCallback.Bookkeeping"/>, e.g. the tick that runs
/// <c>_run_until_complete_cb</c>) gets a row of its own with no partner, named as bookkeeping; every other tick pairs
/// with the other side's next such tick. In a paired row the two ticks are compared on what the lessons read off a
/// player: the ready queue (labels in order, cancelled ones marked, bookkeeping entries set aside and named), the loop
/// time when both clocks are virtual, the timers after the tick (labels, and due times when both are virtual), each
/// task's phase, and the lines printed. A tick with no partner because the other run ended is a difference.
/// </summary>
internal sealed class PlayerComparison
{
    /// <summary>Due times and tick times closer than this are the same (recordings round to microseconds).</summary>
    private static readonly TimeSpan TimeTolerance = TimeSpan.FromMilliseconds(0.5);

    /// <summary>The rows: each a frame index of the left run and of the right run, -1 where that side has no tick.</summary>
    public IReadOnlyList<(int Left, int Right)> Rows { get; }

    /// <summary>Every difference, row by row, counted ones and explained ones.</summary>
    public IReadOnlyList<PlayerDifference> Differences { get; }

    /// <summary>The first row with a difference that counts, or -1 when the runs agree.</summary>
    public int FirstRow { get; }

    public string LeftName { get; }

    public string RightName { get; }

    public PlayerComparison(PlayerRun left, PlayerRun right)
    {
        (LeftName, RightName) = left.Loop != right.Loop
            ? (LoopName(left.Loop), LoopName(right.Loop))
            : ("left", "right");
        bool bothVirtual = left.IsVirtual && right.IsVirtual;
        var rows = new List<(int, int)>();
        var differences = new List<PlayerDifference>();
        int i = 0, j = 0;
        while (i < left.Frames.Count || j < right.Frames.Count)
        {
            int row = rows.Count;
            var l = i < left.Frames.Count ? left.Frames[i] : null;
            var r = j < right.Frames.Count ? right.Frames[j] : null;
            if (l is not null && OnlyBookkeeping(l.Tick))
            {
                rows.Add((i++, -1));
                differences.Add(new(row, l.Tick.Number, null, $"{LeftName} tick {l.Tick.Number} runs only {Labels(l.Tick.Queue)}; {RightName} has no such tick", Bookkeeping));
                continue;
            }
            if (r is not null && OnlyBookkeeping(r.Tick))
            {
                rows.Add((-1, j++));
                differences.Add(new(row, null, r.Tick.Number, $"{RightName} tick {r.Tick.Number} runs only {Labels(r.Tick.Queue)}; {LeftName} has no such tick", Bookkeeping));
                continue;
            }
            if (l is null || r is null)
            {
                var (side, other, frame) = l is null ? (RightName, LeftName, r!) : (LeftName, RightName, l);
                rows.Add(l is null ? (-1, j++) : (i++, -1));
                differences.Add(new(row, l?.Tick.Number, r?.Tick.Number,
                    $"{side} runs tick {frame.Tick.Number} ({Labels(frame.Tick.Queue)}); {other}'s run had ended", null));
                continue;
            }
            rows.Add((i++, j++));
            Compare(row, l, r, bothVirtual, differences);
        }
        Rows = rows;
        Differences = differences;
        FirstRow = differences.FirstOrDefault(d => d.ExplainedBy is null)?.Row ?? -1;
    }

    /// <summary>The reason given for a difference that asyncio's own callbacks explain.</summary>
    public const string Bookkeeping = "asyncio's bookkeeping";

    private void Compare(int row, PlayerFrame l, PlayerFrame r, bool bothVirtual, List<PlayerDifference> differences)
    {
        long ln = l.Tick.Number, rn = r.Tick.Number;
        void Add(string what, string? why = null) => differences.Add(new(row, ln, rn, what, why));

        foreach (var (frame, side) in new[] { (l, LeftName), (r, RightName) })
        {
            var kept = frame.Tick.Queue.Where(c => c.Bookkeeping).ToArray();
            if (kept.Length > 0) Add($"{side}'s ready queue also runs {Labels(kept)}", Bookkeeping);
        }
        var lq = l.Tick.Queue.Where(c => !c.Bookkeeping).Select(c => c.ToString()).ToArray();
        var rq = r.Tick.Queue.Where(c => !c.Bookkeeping).Select(c => c.ToString()).ToArray();
        if (!lq.SequenceEqual(rq)) Add($"ready queue: {LeftName} runs {List(lq)}; {RightName} runs {List(rq)}");

        if (bothVirtual && (l.Tick.Time - r.Tick.Time).Duration() > TimeTolerance)
            Add($"loop time: {LeftName} is at {PlayerRecording.SecondsText(l.Tick.Time)}; {RightName} at {PlayerRecording.SecondsText(r.Tick.Time)}");

        var lt = l.Tick.Timers.Select(t => Timer(t, bothVirtual)).ToArray();
        var rt = r.Tick.Timers.Select(t => Timer(t, bothVirtual)).ToArray();
        bool timersDiffer = lt.Length != rt.Length || l.Tick.TimersPending != r.Tick.TimersPending
            || l.Tick.Timers.Zip(r.Tick.Timers).Any(p => p.First.Label != p.Second.Label || (bothVirtual && (p.First.Due - p.Second.Due).Duration() > TimeTolerance));
        if (timersDiffer) Add($"timers after the tick: {LeftName} has {List(lt)}; {RightName} has {List(rt)}");

        var rightTasks = new Dictionary<string, TaskSnapshot>();
        foreach (var task in r.Tasks) rightTasks.TryAdd(task.Name, task);
        var leftNames = new HashSet<string>();
        foreach (var task in l.Tasks)
        {
            if (!leftNames.Add(task.Name)) continue;
            if (!rightTasks.TryGetValue(task.Name, out var other))
                Add($"task {task.Name}: {PlayerText.PhaseText(task.Phase)} in {LeftName}; {RightName} has no such task yet");
            else if (other.Phase != task.Phase)
                Add($"task {task.Name}: {PlayerText.PhaseText(task.Phase)} in {LeftName}, {PlayerText.PhaseText(other.Phase)} in {RightName}");
        }
        foreach (var task in r.Tasks)
            if (!leftNames.Contains(task.Name) && leftNames.Add(task.Name))
                Add($"task {task.Name}: {PlayerText.PhaseText(task.Phase)} in {RightName}; {LeftName} has no such task yet");

        var lp = l.Printed.ToArray();
        var rp = r.Printed.ToArray();
        if (!lp.SequenceEqual(rp)) Add($"printed: {LeftName} prints {List(lp)}; {RightName} prints {List(rp)}");
    }

    private static string Timer(PendingTimer timer, bool withDue) =>
        withDue ? $"{timer.Label} due at {PlayerRecording.SecondsText(timer.Due)}" : timer.Label;

    private static bool OnlyBookkeeping(Tick tick) => tick.Queue.Count > 0 && tick.Queue.All(c => c.Bookkeeping);

    private static string Labels(IEnumerable<TickCallback> callbacks) => string.Join(", ", callbacks.Select(c => c.Label));

    private static string List(IReadOnlyCollection<string> items) =>
        items.Count == 0 ? "nothing" : "[" + string.Join(", ", items.Take(8).Select(s => "\"" + s + "\"")) + (items.Count > 8 ? $", … {items.Count - 8} more" : "") + "]";

    private static string LoopName(string loop) => loop == "cpython" ? "CPython" : "C#";
}
