using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// A thread-safe recorder of spans. Time is measured from the moment the timeline was created, with
/// <see cref="TimeProvider.System"/> (Stopwatch ticks) unless another clock is given (virtual time in tests
/// and models).
/// </summary>
public sealed partial class Timeline
{
    private readonly TimeProvider _clock;
    private readonly bool _systemClock; // reading Stopwatch directly skips two virtual calls per read
    private readonly long _origin;
    private readonly object _gate = new();
    private readonly List<Span> _spans = new();
    private Span[]? _sorted; // cached ordered snapshot; reset on every write

    public Timeline(string? title = null, TimeProvider? clock = null)
    {
        Title = title;
        _clock = clock ?? TimeProvider.System;
        _systemClock = ReferenceEquals(_clock, TimeProvider.System);
        _origin = Timestamp();
    }

    /// <summary>Shown above the chart, if set.</summary>
    public string? Title { get; set; }

    /// <summary>The clock this timeline reads.</summary>
    internal TimeProvider Clock => _clock;

    /// <summary>Time elapsed since the timeline was created, on its clock.</summary>
    public TimeSpan Now => Offset(Timestamp());

    // Recording reads the clock twice per span; these keep a read near the cost of Stopwatch.GetTimestamp.
    private long Timestamp() => _systemClock ? Stopwatch.GetTimestamp() : _clock.GetTimestamp();

    private TimeSpan Offset(long timestamp) =>
        _systemClock ? Stopwatch.GetElapsedTime(_origin, timestamp) : _clock.GetElapsedTime(_origin, timestamp);

    /// <summary>Every span recorded so far, ordered by start (ties keep the order they were recorded in).</summary>
    public IReadOnlyList<Span> Spans
    {
        get
        {
            lock (_gate)
            {
                TakePending();
                if (_sorted is null)
                {
                    // A stable sort: equal starts stay in recording order (the index breaks ties).
                    var items = _spans.ToArray();
                    var keys = new (TimeSpan Start, int Index)[items.Length];
                    for (var i = 0; i < items.Length; i++) keys[i] = (items[i].Start, i);
                    Array.Sort(keys, items);
                    _sorted = items;
                }
                return _sorted;
            }
        }
    }

    /// <summary>From the earliest start to the latest end; zero for an empty timeline.</summary>
    public TimeSpan Makespan
    {
        get
        {
            var spans = Spans;
            if (spans.Count == 0) return TimeSpan.Zero;
            return spans.Max(s => s.End) - spans.Min(s => s.Start);
        }
    }

    /// <summary>Records from now until the returned scope is disposed, with the thread id at start.</summary>
    public IDisposable Span(string name, string? lane = null, SpanKind kind = SpanKind.Cpu)
    {
        RequireName(name);
        return new Scope(this, name, ResolveLane(lane), kind, Timestamp(), Environment.CurrentManagedThreadId);
    }

    /// <summary>Really burns CPU for <paramref name="duration"/> (a spin, not a sleep): kind Cpu.</summary>
    public void Cpu(string name, TimeSpan duration, string? lane = null)
    {
        RequireName(name);
        RequirePositive(duration);
        using var _ = Span(name, lane, SpanKind.Cpu);
        var spin = Stopwatch.StartNew();
        while (spin.Elapsed < duration)
        {
            // Busy on purpose: this is what a CPU-bound step looks like to the scheduler.
        }
    }

    /// <summary>Holds the thread without using it (<c>Thread.Sleep</c>): kind Blocked.</summary>
    public void Block(string name, TimeSpan duration, string? lane = null)
    {
        RequireName(name);
        RequirePositive(duration);
        using var _ = Span(name, lane, SpanKind.Blocked);
        Thread.Sleep(duration);
    }

    /// <summary>Awaits a delay on the timeline's clock (<c>Task.Delay</c>): kind Waiting, no thread held.</summary>
    /// <remarks>Bad arguments throw at the call, not later from the awaited task (validation is outside the async part).</remarks>
    public Task WaitAsync(string name, TimeSpan duration, string? lane = null, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        RequirePositive(duration);
        return WaitCore(Span(name, lane, SpanKind.Waiting), duration, cancellationToken);
    }

    /// <summary>Runs <paramref name="body"/> and records it from the call until its task completes: kind Waiting.</summary>
    public Task<T> Track<T>(string name, Func<Task<T>> body, string? lane = null)
    {
        RequireName(name);
        ArgumentNullException.ThrowIfNull(body);
        return TrackCore(Span(name, lane, SpanKind.Waiting), body);
    }

    /// <inheritdoc cref="Track{T}(string, Func{Task{T}}, string?)"/>
    public Task Track(string name, Func<Task> body, string? lane = null)
    {
        RequireName(name);
        ArgumentNullException.ThrowIfNull(body);
        return TrackCore(Span(name, lane, SpanKind.Waiting), async () => { await body().ConfigureAwait(false); return true; });
    }

    private async Task WaitCore(IDisposable span, TimeSpan duration, CancellationToken cancellationToken)
    {
        using (span)
            await Task.Delay(duration, _clock, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> TrackCore<T>(IDisposable span, Func<Task<T>> body)
    {
        using (span)
            return await body().ConfigureAwait(false);
    }

    /// <summary>Adds a span computed elsewhere (a model, a replay). Zero length is allowed: an instant.</summary>
    public void Add(string name, string lane, TimeSpan start, TimeSpan end, SpanKind kind, int threadId = 0)
    {
        RequireName(name);
        if (string.IsNullOrWhiteSpace(lane))
            throw new ArgumentException("A span needs a lane to be drawn on (a worker, a task, a machine); got an empty lane.", nameof(lane));
        if (start < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(start), start, "A span cannot start before the timeline's origin (negative start).");
        if (end < start)
            throw new ArgumentException($"Span '{name}' ends ({end.TotalMilliseconds} ms) before it starts ({start.TotalMilliseconds} ms): a negative duration. Swap start and end, or check the clock you read.", nameof(end));
        if (!Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown span kind: use Cpu, Blocked or Waiting.");
        Record(new Span(name, lane, start, end, kind, threadId));
    }

    /// <summary>Forgets every span (the origin stays).</summary>
    internal void Clear()
    {
        lock (_gate)
        {
            TakePending();
            _spans.Clear();
            _sorted = null;
        }
    }

    private void Record(Span span)
    {
        lock (_gate)
        {
            TakePending();
            _spans.Add(span);
            _sorted = null;
        }
    }

    private Func<IReadOnlyList<Span>>? _pending;

    /// <summary>
    /// Lets a recorder that keeps its spans in a compact buffer of its own (the event loop records one per
    /// callback and per task step) hand them over only when the timeline is used: before every read, write or
    /// clear, the timeline takes what is pending, in order. Spans nobody looks at never become objects.
    /// </summary>
    internal void TakeSpansFrom(Func<IReadOnlyList<Span>> pending) => _pending = pending;

    private void TakePending() // under _gate, so batches arrive in the order they were taken
    {
        if (_pending?.Invoke() is not { Count: > 0 } spans) return;
        _spans.AddRange(spans);
        _sorted = null;
    }

    private static string ResolveLane(string? lane) =>
        lane is null ? ThreadLane(Environment.CurrentManagedThreadId)
        : string.IsNullOrWhiteSpace(lane) ? throw new ArgumentException("A lane name cannot be empty: pass null to draw the span on its thread's lane.", nameof(lane))
        : lane;

    // "thread 7" is built once per thread id, not once per span: recording stays cheap (see the benchmarks).
    private static string[] _threadLanes = new string[64];

    /// <summary>The lane name of a thread: "thread 7".</summary>
    internal static string ThreadLane(int threadId)
    {
        var cache = Volatile.Read(ref _threadLanes);
        if ((uint)threadId < (uint)cache.Length && cache[threadId] is { } cached) return cached;
        var name = $"thread {threadId}";
        if (threadId >= 0 && threadId < 100_000)
        {
            if (threadId >= cache.Length)
            {
                var grown = new string[Math.Max(threadId + 1, cache.Length * 2)];
                Array.Copy(cache, grown, cache.Length);
                Interlocked.CompareExchange(ref _threadLanes, grown, cache); // losing the race only costs a later rebuild
                cache = Volatile.Read(ref _threadLanes);
            }
            if (threadId < cache.Length) cache[threadId] = name; // a benign race: any winner writes an equal string
        }
        return name;
    }

    private static void RequireName(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name), "A span needs a name: it is the bar's label.");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A span needs a name: it is the bar's label; got an empty one.", nameof(name));
    }

    private static void RequirePositive(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive: a span of zero or negative length draws nothing.");
    }

    private sealed class Scope(Timeline owner, string name, string lane, SpanKind kind, long startTimestamp, int threadId) : IDisposable
    {
        // A scope belongs to the code that opened it (a using block), so a plain flag is enough: disposing it
        // twice records it once. No interlocked operation: recording stays cheap.
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            var end = owner.Timestamp();
            owner.Record(new Span(name, lane, owner.Offset(startTimestamp), owner.Offset(end), kind, threadId));
        }
    }
}
