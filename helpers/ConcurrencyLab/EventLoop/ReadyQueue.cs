namespace ConcurrencyLab;

/// <summary>
/// One entry of the ready queue: what to call and with what. A struct in a ring buffer, so scheduling a
/// callback allocates nothing (asyncio allocates a <c>Handle</c> object per <c>call_soon</c>).
/// </summary>
internal struct ReadyItem
{
    /// <summary>An <see cref="Action"/>, an <see cref="Action{T}"/> of object, a <see cref="SendOrPostCallback"/> or a <see cref="TimerEntry"/>.</summary>
    public object Callback;
    public object? State;
    /// <summary>Non-zero for callbacks the user can cancel through a <see cref="CallbackHandle"/>.</summary>
    public long Id;
    /// <summary>The label shown in the trace (null: derived when the callback runs).</summary>
    public string? Name;
}

/// <summary>
/// A growable FIFO ring buffer of <see cref="ReadyItem"/>: asyncio's <c>_ready</c> deque. Not thread-safe:
/// only the loop thread touches it (other threads go through the loop's inbox).
/// </summary>
internal sealed class ReadyQueue
{
    private ReadyItem[] _items = new ReadyItem[256];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(in ReadyItem item)
    {
        if (_count == _items.Length) Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public ReadyItem Dequeue()
    {
        ref var slot = ref _items[_head];
        var item = slot;
        slot = default; // let the callback and its state be collected
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return item;
    }

    /// <summary>Moves every item of <paramref name="other"/> to the end of this queue, in order.</summary>
    public void TakeAllFrom(ReadyQueue other)
    {
        while (other._count > 0) Enqueue(other.Dequeue());
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        // Capacity stays a power of two so the index wraps with a mask instead of a division.
        var bigger = new ReadyItem[_items.Length * 2];
        for (int i = 0; i < _count; i++) bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = bigger;
        _head = 0;
    }
}
