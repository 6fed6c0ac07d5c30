using System.Globalization;

namespace ConcurrencyLab;

/// <summary>
/// One turn of the loop (one call of asyncio's <c>_run_once</c> that ran something): the time it started, how
/// many callbacks were ready (due timers included), how many timers were still waiting, and what ran, in order.
/// <see cref="Queue"/> and <see cref="Timers"/> hold the details a player steps through.
/// </summary>
public sealed record Tick(long Number, TimeSpan Time, int Ready, int TimersPending, IReadOnlyList<string> Ran)
{
    /// <summary>
    /// The ready queue as the tick began (asyncio's <c>loop._ready</c>), front first: exactly the callbacks this
    /// tick runs, in that order, cancelled ones included; each says what it did when it ran.
    /// </summary>
    public IReadOnlyList<TickCallback> Queue { get; init; } = [];

    /// <summary>The timer heap as the tick ended (asyncio's <c>loop._scheduled</c>): the timers still waiting, soonest first.</summary>
    public IReadOnlyList<PendingTimer> Timers { get; init; } = [];

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"tick {Number} at {Time.TotalSeconds:0.000} s: {Ready} ready, {TimersPending} timers waiting; ran {string.Join(" | ", Ran)}");
}

/// <summary>A line printed with <see cref="EventLoop.Print(string)"/>: when, in which tick, and what.</summary>
public sealed record PrintedLine(TimeSpan Time, long Tick, string Text);

/// <summary>Every tick a loop ran (while tracing), printable as a table with <see cref="ToText"/>.</summary>
public sealed class TickLog : IReadOnlyList<Tick>
{
    private readonly List<Tick> _ticks = new();

    internal void Add(Tick tick) => _ticks.Add(tick);

    internal void Clear() => _ticks.Clear();

    public int Count => _ticks.Count;

    public Tick this[int index] => _ticks[index];

    public IEnumerator<Tick> GetEnumerator() => _ticks.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// A fixed-width table, one row per tick: number, time, ready count, timers waiting, what ran. Lines printed
    /// with <see cref="EventLoop.Print(string)"/> during a tick are shown under it, so the output lines up with
    /// the ticks, after a note for each callback that a virtual clock could not time (see <see cref="TickCallback.Note"/>).
    /// At most <paramref name="maxRows"/> ticks are listed.
    /// </summary>
    public string ToText(int maxRows = 200, IEnumerable<PrintedLine>? printed = null)
    {
        if (maxRows <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "Show at least one row: pass a positive maxRows.");
        var byTick = (printed ?? []).GroupBy(p => p.Tick).ToDictionary(g => g.Key, g => g.ToList());
        var text = new System.Text.StringBuilder();
        text.AppendLine("tick     time  ready  timers  ran");
        foreach (var tick in _ticks.Take(maxRows))
        {
            text.Append(CultureInfo.InvariantCulture, $"{tick.Number,4} {tick.Time.TotalSeconds,8:0.000}s {tick.Ready,5} {tick.TimersPending,7}  ");
            text.AppendLine(string.Join(" | ", tick.Ran));
            foreach (var callback in tick.Queue)
                if (callback.Note is { } note) text.AppendLine($"{"",28}note: {callback.Label} {note}");
            if (byTick.TryGetValue(tick.Number, out var lines))
                foreach (var line in lines) text.AppendLine($"{"",28}prints \"{line.Text}\"");
        }
        if (_ticks.Count > maxRows) text.AppendLine($"… {_ticks.Count - maxRows} more ticks");
        return text.ToString();
    }

    public override string ToString() => ToText();
}
