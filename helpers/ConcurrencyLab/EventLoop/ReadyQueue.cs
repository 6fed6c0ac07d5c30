using System.Buffers;
using System.Runtime.CompilerServices;

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
    /// <summary>
    /// The label shown in the trace (null: derived when the callback runs). For the continuation of a task
    /// (recorded only while tracing), what woke it: the player shows it as what the task was awaiting.
    /// </summary>
    public string? Name;
}

/// <summary>
/// A growable FIFO ring buffer of <see cref="ReadyItem"/>: asyncio's <c>_ready</c> deque. Not thread-safe:
/// only the loop thread touches it (other threads go through the loop's inbox).
/// </summary>
/// <remarks>
/// The buffers come from, and go back to, a shared <see cref="ArrayPool{T}"/>: a burst of a million callbacks
/// needs a 32 MB buffer, and allocating it afresh for every loop costs more than running the callbacks (the
/// memory is new to the process: zeroed, page-faulted, then collected as a large object), and leaves the GC
/// in a state that slows whatever runs next. Reused, it is warm. asyncio's deque reuses memory the same way,
/// through the allocator.
/// </remarks>
internal sealed class ReadyQueue
{
    private const int InitialCapacity = 256;
    private ReadyItem[] _items = [];
    private int _mask = -1; // capacity - 1; the capacity is a power of two so the index wraps with a mask
    private int _head;
    private int _count;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    public void Enqueue(in ReadyItem item)
    {
        if (_count == _mask + 1) Grow();
        _items[(_head + _count) & _mask] = item;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    public ReadyItem Dequeue()
    {
        ref var slot = ref _items[_head];
        var item = slot;
        slot = default; // let the callback and its state be collected
        _head = (_head + 1) & _mask;
        _count--;
        return item;
    }

    /// <summary>The item <paramref name="index"/> places behind the front (0 = next to run).</summary>
    public ref readonly ReadyItem PeekAt(int index) => ref _items[(_head + index) & _mask];

    /// <summary>Moves every item of <paramref name="other"/> to the end of this queue, in order.</summary>
    public void TakeAllFrom(ReadyQueue other)
    {
        while (other._count > 0) Enqueue(other.Dequeue());
    }

    /// <summary>Drops every item and gives the buffer back to the pool (cleared: it held callbacks).</summary>
    public void Clear()
    {
        if (_items.Length == 0) return;
        ClearLive(_items, _head, _count);
        ArrayPool<ReadyItem>.Shared.Return(_items);
        _items = [];
        _mask = -1;
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        int capacity = _items.Length == 0 ? InitialCapacity : _items.Length * 2;
        var bigger = ArrayPool<ReadyItem>.Shared.Rent(capacity);
        if (bigger.Length != capacity) // the shared pool hands out exact powers of two; anything else is not ours to use
        {
            ArrayPool<ReadyItem>.Shared.Return(bigger);
            bigger = new ReadyItem[capacity];
        }
        if (_items.Length != 0)
        {
            // The queue is full: copy the two runs [head, end) and [0, head), then give the old buffer back empty.
            int firstRun = _items.Length - _head;
            Array.Copy(_items, _head, bigger, 0, firstRun);
            Array.Copy(_items, 0, bigger, firstRun, _head);
            Array.Clear(_items);
            ArrayPool<ReadyItem>.Shared.Return(_items);
        }
        _items = bigger;
        _mask = capacity - 1;
        _head = 0;
    }

    private static void ClearLive(ReadyItem[] items, int head, int count)
    {
        int firstRun = Math.Min(count, items.Length - head);
        Array.Clear(items, head, firstRun);
        Array.Clear(items, 0, count - firstRun);
    }
}
