namespace ConcurrencyLab;

/// <summary>
/// The spans a traced loop records (one per callback, one per task step, one per wait), kept as plain values in
/// chunks until its <see cref="Timeline"/> is used (see <see cref="Timeline.TakeSpansFrom"/>). A traced run of a
/// hundred thousand switches then costs a few dozen arrays instead of a hundred thousand objects, which the
/// garbage collector would otherwise promote again and again while the run goes on.
/// </summary>
internal sealed class LoopSpanBuffer
{
    private struct Entry
    {
        public string Name;
        public string Lane;
        public long StartTicks;
        public long EndTicks;
        public SpanKind Kind;
        public int ThreadId;
    }

    // 1,024 entries of 40 bytes: well under the large-object threshold, so chunks are ordinary young objects.
    private const int ChunkSize = 1_024;
    private readonly object _gate = new();
    private readonly List<Entry[]> _chunks = new();
    private int _count;

    /// <summary>Records a span; <paramref name="end"/> is never before <paramref name="start"/> (the loop checks).</summary>
    public void Add(string name, string lane, TimeSpan start, TimeSpan end, SpanKind kind, int threadId)
    {
        lock (_gate) // the loop thread writes; whoever reads the timeline takes, from any thread
        {
            int slot = _count % ChunkSize;
            if (slot == 0 && _count / ChunkSize == _chunks.Count) _chunks.Add(new Entry[ChunkSize]);
            ref var entry = ref _chunks[_count / ChunkSize][slot];
            entry.Name = name;
            entry.Lane = lane;
            entry.StartTicks = start.Ticks;
            entry.EndTicks = end.Ticks;
            entry.Kind = kind;
            entry.ThreadId = threadId;
            _count++;
        }
    }

    /// <summary>Everything recorded since the last call, as spans, in recording order; the buffer is then empty.</summary>
    public IReadOnlyList<Span> TakeAll()
    {
        lock (_gate)
        {
            if (_count == 0) return [];
            var spans = new Span[_count];
            for (int i = 0; i < _count; i++)
            {
                ref var e = ref _chunks[i / ChunkSize][i % ChunkSize];
                spans[i] = new Span(e.Name, e.Lane, TimeSpan.FromTicks(e.StartTicks), TimeSpan.FromTicks(e.EndTicks), e.Kind, e.ThreadId);
            }
            _chunks.Clear();
            _count = 0;
            return spans;
        }
    }
}
