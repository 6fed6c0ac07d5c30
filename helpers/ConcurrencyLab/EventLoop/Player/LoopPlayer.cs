using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// A step-through view of a traced run of an <see cref="EventLoop"/>, built from its real trace: a slider and
/// play/step buttons over the ticks; for each tick the ready queue in order, what joined it, the timer heap with
/// due times, what ran and printed, each task's state and what it awaits, and the loop's time. Shown inline in a
/// notebook (HTML, self-contained, no network), in a plain browser, or as text (<see cref="ToText"/>).
/// Get one with <see cref="EventLoop.ToPlayer(string?)"/>.
/// </summary>
public sealed class LoopPlayer : IChart
{
    private readonly PlayerFrames _frames;

    private LoopPlayer(string title, bool isVirtual, bool truncated, PlayerFrames frames)
    {
        Title = title;
        IsVirtual = isVirtual;
        Truncated = truncated;
        _frames = frames;
    }

    /// <summary>The player of what <paramref name="trace"/> recorded: its ticks, its tasks, what was left queued at the end.</summary>
    internal static LoopPlayer Of(LoopTrace trace, string title, bool isVirtual) =>
        new(title, isVirtual, trace.IsFull, new PlayerFrames(trace.Ticks.ToArray(), trace.Tasks(), trace.LeftInQueue));

    /// <summary>The heading shown above the player.</summary>
    public string Title { get; }

    /// <summary>Whether the run used a virtual clock (times in seconds of loop time) or the real one.</summary>
    public bool IsVirtual { get; }

    /// <summary>The trace stopped recording at <see cref="LoopTrace.MaxSpans"/> spans: ticks after that are missing.</summary>
    public bool Truncated { get; }

    /// <summary>One frame per recorded tick, in order (each built when first read).</summary>
    public IReadOnlyList<PlayerFrame> Frames => _frames;

    /// <summary>The frame of tick <paramref name="tickNumber"/> (numbered from 1, as in the tick table).</summary>
    public PlayerFrame Frame(long tickNumber)
    {
        int index = _frames.IndexOf(tickNumber);
        if (index >= 0) return _frames[index];
        throw new ArgumentOutOfRangeException(nameof(tickNumber), tickNumber,
            _frames.Count == 0
                ? "This run recorded no ticks: run a loop created with tracing on (EventLoop.Virtual() or EventLoop.RealTime()) before asking for its player."
                : $"No tick {tickNumber} was recorded: ticks {_frames.TickNumberAt(0)} to {_frames.TickNumberAt(_frames.Count - 1)} are.");
    }

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

    /// <summary>One tick's block of text: what the player shows at tick <paramref name="tickNumber"/>.</summary>
    public string FrameText(long tickNumber)
    {
        var text = new StringBuilder();
        PlayerText.AppendFrame(text, this, Frame(tickNumber));
        return text.ToString();
    }

    public override string ToString() => ToText();
}
