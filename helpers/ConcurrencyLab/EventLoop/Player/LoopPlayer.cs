using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// A step-through view of a traced run of an <see cref="EventLoop"/>, built from its real trace: a slider and
/// play/step buttons over the ticks; for each tick the ready queue in order, what joined it, the timer heap with
/// due times, what ran and printed, each task's state and what it awaits, and the loop's time. Shown inline in a
/// notebook (HTML, self-contained, no network), in a plain browser, or as text (<see cref="ToText"/>).
/// Get one with <see cref="EventLoop.ToPlayer(string?)"/>, or from a recording of CPython's own asyncio loop with
/// <see cref="FromRecording"/> (the same data: <see cref="ToJson"/> writes a C# run in that format); play two runs in
/// lockstep, their first difference marked, with <see cref="SideBySide"/>.
/// <para>
/// What the player shows can also be asked as plain values, tick by tick (ticks are numbered from 1, as in the tick
/// table): <see cref="Ticks"/>, <see cref="Queue"/>, <see cref="JoinedDuring"/>, <see cref="TimersAfter"/>,
/// <see cref="Printed"/>, <see cref="Tasks"/> and <see cref="StepsOf"/>.
/// </para>
/// </summary>
public sealed class LoopPlayer : IChart
{
    /// <summary>The <c>format</c> of a player recording (<see cref="FromRecording"/>, <see cref="ToJson"/>).</summary>
    public const string RecordingFormat = "concurrency-lab/player";

    /// <summary>The version of the player recording this library reads and writes.</summary>
    public const int RecordingVersion = 1;

    private readonly PlayerRun _run;
    private readonly IReadOnlyList<Tick> _ticks;
    private readonly IReadOnlyList<PlayerFrame> _frames;
    private readonly PlayerComparison? _comparison;

    private LoopPlayer(PlayerRun run, string? title = null, LoopPlayer? left = null, LoopPlayer? right = null)
    {
        _run = run;
        Title = title ?? run.Title;
        IsVirtual = run.IsVirtual;
        Truncated = run.Truncated;
        _ticks = run.Ticks;
        _frames = run.Frames;
        Tasks = run.TaskNames;
        Ticks = _ticks.Select(t => (t.Number, t.Time)).ToArray();
        Printed = _ticks.SelectMany(t => t.Queue.SelectMany(c => c.Printed.Select(line => (t.Number, line)))).ToArray();
        if (left is not null && right is not null)
        {
            Left = left;
            Right = right;
            _comparison = new PlayerComparison(left._run, right._run);
        }
    }

    /// <summary>The player of what <paramref name="trace"/> recorded: its ticks, its tasks, what was left queued at the end.</summary>
    internal static LoopPlayer Of(LoopTrace trace, string title, bool isVirtual)
    {
        var ticks = trace.Ticks.ToArray();
        return new(new PlayerRun(title, isVirtual, ticks, new PlayerFrames(ticks, trace.Tasks(), trace.LeftInQueue), trace.Tasks().Select(t => t.Name).ToArray())
        {
            Loop = "dotnet",
            Ended = trace.Ended,
            Truncated = trace.IsFull,
            TicksLeftOut = trace.TicksLeftOut,
            FromTrace = true,
        });
    }

    /// <summary>
    /// The player of a recording: JSON in the format <c>concurrency-lab/player</c>, version 1, as the Python recorder
    /// writes for a run of CPython's own asyncio loop (or as <see cref="ToJson"/> writes for a run of
    /// <see cref="EventLoop"/>). Throws <see cref="FormatException"/> naming what is wrong (not JSON, another format or
    /// version, a key missing or of the wrong kind, and where).
    /// </summary>
    public static LoopPlayer FromRecording(string json) => new(PlayerRecording.Read(json));

    /// <summary>
    /// This run as a player recording (format <c>concurrency-lab/player</c>, version 1): the same data a recording
    /// of CPython's loop holds, so <see cref="FromRecording"/> plays it back alike. At most <paramref name="maxTicks"/>
    /// ticks are kept; the recording says how many more were left out.
    /// </summary>
    public string ToJson(int maxTicks = 1_000)
    {
        if (maxTicks <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxTicks), maxTicks, "Keep at least one tick: pass a positive maxTicks.");
        if (_comparison is not null)
            throw new InvalidOperationException("This is a side-by-side player of two runs: export each one (Left.ToJson(), Right.ToJson()).");
        return PlayerRecording.Write(_run, maxTicks);
    }

    /// <summary>
    /// Two players in lockstep: one slider and one set of buttons step both; the first tick where the runs differ
    /// (ready queue, loop time, timers, task phases, printed lines) is marked on the slider and in both panels, which
    /// then show both queues. Ticks are aligned in order, except that a tick running only asyncio's bookkeeping
    /// (<c>_run_until_complete_cb</c>, <c>_read_from_self</c>) stands alone; such bookkeeping is named as the reason
    /// for what it explains and never counts as the first difference. The comparison as values:
    /// <see cref="FirstDifferingTick"/> and <see cref="Differences"/>. The other members answer for
    /// <paramref name="left"/>.
    /// </summary>
    public static LoopPlayer SideBySide(LoopPlayer left, LoopPlayer right, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left._comparison is not null || right._comparison is not null)
            throw new ArgumentException("Pass two single players, not a side-by-side player.");
        return new LoopPlayer(left._run, title ?? $"{left.Title} | {right.Title}", left, right);
    }

    /// <summary>For a side-by-side player (<see cref="SideBySide"/>): the player on the left; null otherwise.</summary>
    public LoopPlayer? Left { get; }

    /// <summary>For a side-by-side player (<see cref="SideBySide"/>): the player on the right; null otherwise.</summary>
    public LoopPlayer? Right { get; }

    /// <summary>
    /// For a side-by-side player: the tick where the runs first differ in a way asyncio's bookkeeping does not explain
    /// (the left run's tick number; the right's where the left has no tick there); null when they agree, or for a
    /// single player.
    /// </summary>
    public long? FirstDifferingTick => _comparison is { FirstRow: >= 0 } c
        ? c.Differences.First(d => d.Row == c.FirstRow).LeftTick ?? c.Differences.First(d => d.Row == c.FirstRow).RightTick
        : null;

    /// <summary>
    /// For a side-by-side player: every difference after aligning, in order, with the tick on each side (null where a
    /// side has no tick there) and the reason that explains it (<c>asyncio's bookkeeping</c>), or null for one that
    /// counts. Empty for a single player.
    /// </summary>
    public IReadOnlyList<(long? LeftTick, long? RightTick, string What, string? ExplainedBy)> Differences =>
        _comparison?.Differences.Select(d => (d.LeftTick, d.RightTick, d.What, d.ExplainedBy)).ToArray() ?? [];

    /// <summary>Who ran it: <c>dotnet</c> (<see cref="EventLoop"/>) or <c>cpython</c> (a recording of asyncio's own loop).</summary>
    public string Loop => _run.Loop;

    /// <summary>The Python version of a CPython recording; null otherwise.</summary>
    public string? PythonVersion => _run.Python;

    /// <summary>
    /// How the run ended: <c>completed</c>, <c>raised</c>, <c>tickLimit</c>, <c>stalled</c>, <c>blocked</c> or
    /// <c>timeout</c>, with a detail (<c>ValueError: boom</c>) where there is one; null when not known.
    /// </summary>
    public (string Reason, string? Detail)? Ended => _run.Ended;

    /// <summary>How many ticks ran past what was kept (see <see cref="Truncated"/>) and are left out.</summary>
    public long TicksLeftOut => _run.TicksLeftOut;

    /// <summary>
    /// Every task as tick <paramref name="tick"/> ended: its phase (<c>Created</c>, <c>Running</c>, <c>Ready</c>,
    /// <c>Waiting</c>, <c>Done</c>), what it awaits or did, and, where the recording knows it, the source line it is
    /// suspended at and that line's code.
    /// </summary>
    public IReadOnlyList<(string Name, string Phase, string? Detail, int? Line, string? Code)> TaskStates(long tick) =>
        Frame(tick).Tasks.Select(t => (t.Name, t.Phase.ToString(), t.Detail, t.Line, t.Code)).ToArray();

    /// <summary>The run behind this player (the left one of a side-by-side player).</summary>
    internal PlayerRun Run => _run;

    /// <summary>The comparison of a side-by-side player; null for a single one.</summary>
    internal PlayerComparison? Comparison => _comparison;

    /// <summary>The heading shown above the player.</summary>
    public string Title { get; }

    /// <summary>Whether the run used a virtual clock (times in seconds of loop time) or the real one.</summary>
    public bool IsVirtual { get; }

    /// <summary>
    /// Ticks were left out: the trace stopped recording at <see cref="LoopTrace.MaxSpans"/> spans, or the recording
    /// kept only its first ticks (<see cref="TicksLeftOut"/> says how many more ran).
    /// </summary>
    public bool Truncated { get; }

    /// <summary>Every recorded tick, in order: its number and the loop time it started at.</summary>
    public IReadOnlyList<(long Number, TimeSpan Time)> Ticks { get; }

    /// <summary>Every line printed during a callback (<see cref="EventLoop.Print(string)"/> on the loop's thread), in order, with its tick.</summary>
    public IReadOnlyList<(long Tick, string Text)> Printed { get; }

    /// <summary>The name of every task the run created (<c>main</c> first), in creation order.</summary>
    public IReadOnlyList<string> Tasks { get; }

    /// <summary>
    /// The ready queue as tick <paramref name="tick"/> began (asyncio's <c>loop._ready</c>), front first: exactly what
    /// the tick ran, in order. A task's step reads <c>step main</c>; a callback cancelled after it was queued ends in
    /// <c>(cancelled)</c> (it was skipped).
    /// </summary>
    public IReadOnlyList<string> Queue(long tick) => TickAt(tick).Queue.Select(c => c.ToString()).ToArray();

    /// <summary>
    /// What joined the ready queue while tick <paramref name="tick"/> ran, so runs in the next tick; for the last
    /// tick, what was left in the queue when the loop stopped (dropped, as asyncio drops it).
    /// </summary>
    public IReadOnlyList<string> JoinedDuring(long tick) => _frames[IndexOf(tick)].JoinedQueue.Select(c => c.Label).ToArray();

    /// <summary>The timers waiting after tick <paramref name="tick"/> (asyncio's <c>loop._scheduled</c>), soonest first, with when each is due.</summary>
    public IReadOnlyList<(string Label, TimeSpan Due)> TimersAfter(long tick) => TickAt(tick).Timers.Select(t => (t.Label, t.Due)).ToArray();

    /// <summary>
    /// Every step of the task named <paramref name="task"/>: the tick it ran in, what woke the task for it (null for
    /// its first step) and what the task then awaited (null when the step finished it).
    /// </summary>
    public IReadOnlyList<(long Tick, string? WokenBy, string? Awaits)> StepsOf(string task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return _ticks.SelectMany(t => t.Queue.Where(c => c.Task == task).Select(c => (t.Number, c.WokenBy, c.TaskFinished ? null : c.Awaits))).ToArray();
    }

    /// <summary>One frame per recorded tick, in order (each built when first read).</summary>
    internal IReadOnlyList<PlayerFrame> Frames => _frames;

    /// <summary>The frame of tick <paramref name="tick"/>.</summary>
    internal PlayerFrame Frame(long tick) => _frames[IndexOf(tick)];

    /// <summary>
    /// The interactive player: a self-contained HTML fragment (its own script and styles, no network). Focus it and
    /// ←/→ step, Home/End jump, space plays. At most <paramref name="maxFrames"/> ticks are included.
    /// </summary>
    public string ToHtml(int maxFrames = 1_000)
    {
        if (maxFrames <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxFrames), maxFrames, "Include at least one tick: pass a positive maxFrames.");
        return _comparison is null ? PlayerHtml.Render(this, maxFrames) : PlayerHtml.RenderSideBySide(this, maxFrames);
    }

    /// <summary>Every tick as a block of text (at most <paramref name="maxFrames"/>): for terminals, logs and tests.</summary>
    public string ToText(int maxFrames = 50) => _comparison is null ? PlayerText.Render(this, maxFrames) : PlayerText.RenderSideBySide(this, maxFrames);

    // Shown inline by the notebook layer's one chart formatter.
    string IChart.ToHtml() => ToHtml();

    string IChart.ToText() => ToText();

    /// <summary>One tick's block of text: what the player shows at tick <paramref name="tick"/>.</summary>
    public string FrameText(long tick)
    {
        var text = new StringBuilder();
        PlayerText.AppendFrame(text, this, Frame(tick));
        return text.ToString();
    }

    public override string ToString() => ToText();

    private Tick TickAt(long tick) => _ticks[IndexOf(tick)];

    /// <summary>Where tick <paramref name="tick"/> is in the run; throws, saying which ticks there are, for any other.</summary>
    private int IndexOf(long tick)
    {
        int index = IndexOfTick(tick);
        if (index >= 0) return index;
        throw new ArgumentOutOfRangeException(nameof(tick), tick,
            _ticks.Count == 0
                ? "This run recorded no ticks: run a loop created with tracing on (EventLoop.Virtual() or EventLoop.RealTime()) before asking for its player."
                : $"No tick {tick} was recorded: ticks {_ticks[0].Number} to {_ticks[^1].Number} are.");
    }

    /// <summary>The index of the frame of tick <paramref name="tickNumber"/>, or -1.</summary>
    private int IndexOfTick(long tickNumber)
    {
        if (_ticks.Count == 0) return -1;
        long guess = tickNumber - _ticks[0].Number; // ticks of one run are consecutive
        if (guess >= 0 && guess < _ticks.Count && _ticks[(int)guess].Number == tickNumber) return (int)guess;
        for (int i = 0; i < _ticks.Count; i++)
            if (_ticks[i].Number == tickNumber) return i;
        return -1;
    }
}
