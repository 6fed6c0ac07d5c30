using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// A step-through view of a traced run of an <see cref="EventLoop"/>, built from its real trace: a slider and
/// play/step buttons over the ticks; for each tick the ready queue in order, what joined it, the timer heap with
/// due times, what ran and printed, each task's state and what it awaits, and the loop's time. Shown inline in a
/// notebook (HTML, self-contained, no network), in a plain browser, or as text (<see cref="ToText"/>).
/// Get one with <see cref="EventLoop.ToPlayer(string?)"/>.
/// <para>
/// What the player shows can also be asked as plain values, tick by tick (ticks are numbered from 1, as in the tick
/// table): <see cref="Ticks"/>, <see cref="Queue"/>, <see cref="JoinedDuring"/>, <see cref="TimersAfter"/>,
/// <see cref="Printed"/>, <see cref="Tasks"/> and <see cref="StepsOf"/>.
/// </para>
/// </summary>
public sealed class LoopPlayer : IChart
{
    private readonly IReadOnlyList<Tick> _ticks;
    private readonly PlayerFrames _frames;

    private LoopPlayer(string title, bool isVirtual, bool truncated, IReadOnlyList<Tick> ticks, IReadOnlyList<LoopTask> tasks, IReadOnlyList<TickCallback> leftInQueue)
    {
        Title = title;
        IsVirtual = isVirtual;
        Truncated = truncated;
        _ticks = ticks;
        _frames = new PlayerFrames(ticks, tasks, leftInQueue);
        Tasks = tasks.Select(t => t.Name).ToArray();
        Ticks = ticks.Select(t => (t.Number, t.Time)).ToArray();
        Printed = ticks.SelectMany(t => t.Queue.SelectMany(c => c.Printed.Select(line => (t.Number, line)))).ToArray();
    }

    /// <summary>The player of what <paramref name="trace"/> recorded: its ticks, its tasks, what was left queued at the end.</summary>
    internal static LoopPlayer Of(LoopTrace trace, string title, bool isVirtual) =>
        new(title, isVirtual, trace.IsFull, trace.Ticks.ToArray(), trace.Tasks(), trace.LeftInQueue);

    /// <summary>The heading shown above the player.</summary>
    public string Title { get; }

    /// <summary>Whether the run used a virtual clock (times in seconds of loop time) or the real one.</summary>
    public bool IsVirtual { get; }

    /// <summary>The trace stopped recording at <see cref="LoopTrace.MaxSpans"/> spans: ticks after that are missing.</summary>
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
        return PlayerHtml.Render(this, maxFrames);
    }

    /// <summary>Every tick as a block of text (at most <paramref name="maxFrames"/>): for terminals, logs and tests.</summary>
    public string ToText(int maxFrames = 50) => PlayerText.Render(this, maxFrames);

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
        int index = _frames.IndexOf(tick);
        if (index >= 0) return index;
        throw new ArgumentOutOfRangeException(nameof(tick), tick,
            _frames.Count == 0
                ? "This run recorded no ticks: run a loop created with tracing on (EventLoop.Virtual() or EventLoop.RealTime()) before asking for its player."
                : $"No tick {tick} was recorded: ticks {_frames.TickNumberAt(0)} to {_frames.TickNumberAt(_frames.Count - 1)} are.");
    }
}
