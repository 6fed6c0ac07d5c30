using System.Globalization;

namespace ConcurrencyLab;

/// <summary>Every tick a loop ran (while tracing), printable as a table with <see cref="ToText"/>.</summary>
internal sealed class TickLog : IReadOnlyList<Tick>
{
    private readonly List<Tick> _ticks = new();

    /// <summary>The log of a loop that records nothing.</summary>
    internal static readonly TickLog Empty = new();

    internal void Add(Tick tick) => _ticks.Add(tick);

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
