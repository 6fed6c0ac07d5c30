namespace ConcurrencyLab;

/// <summary>
/// The loop's timers (asyncio's <c>loop._scheduled</c>): a heap ordered by deadline, ties in the order they were set.
/// A cancelled timer stays in the heap until it reaches the front, where it is dropped, as asyncio drops cancelled
/// <c>TimerHandle</c>s; <see cref="Pending"/> leaves them out. Only the loop thread adds and takes timers; any thread
/// may cancel one.
/// </summary>
internal sealed class TimerHeap
{
    private readonly PriorityQueue<TimerEntry, TimerKey> _heap = new();
    private int _cancelled; // cancelled timers still in the heap
    private long _sequence;

    /// <summary>Timers waiting, cancelled ones left out.</summary>
    public int Pending => _heap.Count - Volatile.Read(ref _cancelled);

    /// <summary>Sets a timer due at <paramref name="whenTicks"/> (loop time, in <see cref="TimeSpan"/> ticks).</summary>
    public TimerEntry Add(long whenTicks, Action<object?> callback, object? state, string? name)
    {
        var timer = new TimerEntry(whenTicks, ++_sequence, callback, state, name);
        _heap.Enqueue(timer, new TimerKey(whenTicks, timer.Sequence));
        return timer;
    }

    /// <summary>Cancels <paramref name="timer"/>: it will not run. Thread-safe; a second cancel does nothing.</summary>
    public void Cancel(TimerEntry timer)
    {
        if (timer.TryCancel() && !timer.Popped) Interlocked.Increment(ref _cancelled);
    }

    /// <summary>The deadline of the soonest live timer (cancelled ones at the front are dropped); false when none waits.</summary>
    public bool TryPeekNext(out long whenTicks)
    {
        while (_heap.TryPeek(out var head, out _) && head.IsCancelled) PopWasCancelled(out _);
        if (_heap.TryPeek(out var next, out _))
        {
            whenTicks = next.WhenTicks;
            return true;
        }
        whenTicks = 0;
        return false;
    }

    /// <summary>Takes the soonest live timer due by <paramref name="endTicks"/>, dropping cancelled ones on the way; false when none is due.</summary>
    public bool TryTakeDue(long endTicks, out TimerEntry timer)
    {
        while (_heap.TryPeek(out var head, out _) && head.WhenTicks <= endTicks)
        {
            if (!PopWasCancelled(out timer)) return true;
        }
        timer = null!;
        return false;
    }

    /// <summary>The live timers, soonest first (ties in the order they were set), at most <paramref name="max"/>.</summary>
    public IReadOnlyList<TimerEntry> Soonest(int max)
    {
        if (_heap.Count == 0) return [];
        var live = new List<TimerEntry>(_heap.Count);
        foreach (var (timer, _) in _heap.UnorderedItems)
            if (!timer.IsCancelled) live.Add(timer);
        live.Sort(static (a, b) => new TimerKey(a.WhenTicks, a.Sequence).CompareTo(new TimerKey(b.WhenTicks, b.Sequence)));
        return live.Count <= max ? live : live.GetRange(0, max);
    }

    /// <summary>Drops every timer (the loop stopped).</summary>
    public void Clear()
    {
        _heap.Clear();
        _cancelled = 0;
    }

    /// <summary>Takes the front timer off the heap; true if it had been cancelled (then it is dropped, not run).</summary>
    private bool PopWasCancelled(out TimerEntry timer)
    {
        timer = _heap.Dequeue();
        timer.Popped = true;
        if (!timer.IsCancelled) return false;
        Interlocked.Decrement(ref _cancelled);
        return true;
    }
}
