namespace ConcurrencyLab;

/// <summary>A scheduled callback in the timer heap: asyncio's <c>TimerHandle</c>.</summary>
internal sealed class TimerEntry(long whenTicks, long sequence, Action<object?> callback, object? state, string? name)
{
    public readonly long WhenTicks = whenTicks;
    /// <summary>Breaks ties between equal deadlines: the timer scheduled first fires first.</summary>
    public readonly long Sequence = sequence;
    public readonly Action<object?> Callback = callback;
    public readonly object? State = state;
    public readonly string? Name = name;
    private int _cancelled;
    /// <summary>Set once the loop has taken it off the heap (into the ready queue).</summary>
    public bool Popped;

    public bool IsCancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>True the first time only, so a double cancel is counted once.</summary>
    public bool TryCancel() => Interlocked.Exchange(ref _cancelled, 1) == 0;
}

/// <summary>Deadline first, then scheduling order: timers with equal deadlines fire in the order they were set.</summary>
internal readonly record struct TimerKey(long WhenTicks, long Sequence) : IComparable<TimerKey>
{
    public int CompareTo(TimerKey other)
    {
        int byTime = WhenTicks.CompareTo(other.WhenTicks);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }
}
