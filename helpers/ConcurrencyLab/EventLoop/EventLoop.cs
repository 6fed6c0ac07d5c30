using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ConcurrencyLab;

/// <summary>
/// A single-threaded event loop in the image of Python's asyncio: a FIFO queue of ready callbacks, a heap of
/// timers, tasks, futures, <c>call_soon</c> / <c>call_later</c>, run on the thread that calls <see cref="Run(Func{Task})"/>.
/// While it runs it is that thread's <see cref="SynchronizationContext"/>, so every <c>await</c> inside comes back to it.
/// <para>
/// Ordering follows CPython's <c>BaseEventLoop._run_once</c>: at the start of a tick, due timers join the ready
/// queue (deadline order, ties in scheduling order); then exactly the callbacks that were ready at that moment run,
/// in FIFO order; anything they schedule waits for the next tick. A task woken by a completed operation is
/// scheduled, never run inside the code that completed it.
/// </para>
/// <para>
/// <see cref="Virtual"/>: time only moves when nothing is ready, jumping straight to the next timer, so a program
/// that sleeps for minutes runs instantly and identically every time; callbacks take zero virtual time. The jump
/// waits for what the loop knows can still add work (<see cref="ToThread{T}(Func{T})"/>, its tasks' code running on
/// other threads), never for a guess: work it cannot see (<c>Task.Run</c>, <c>Task.WhenEach</c>, <c>Task.Delay</c>)
/// runs when it arrives, and the tick log says so (<see cref="TickCallback.Note"/>).
/// <see cref="RealTime"/>: the loop waits on the real clock, and a blocking call inside a callback stalls everything.
/// </para>
/// </summary>
public sealed partial class EventLoop
{
    private readonly bool _isVirtual;
    private readonly long _origin = Stopwatch.GetTimestamp();
    private long _virtualNow; // TimeSpan ticks; only the loop thread writes it

    private readonly ReadyQueue _ready = new();
    private readonly PriorityQueue<TimerEntry, TimerKey> _timers = new();
    private int _cancelledTimers;
    private long _timerSequence;
    private long _nextHandleId;

    private readonly object _cancelGate = new();
    private readonly HashSet<long> _cancelledIds = new();
    private int _cancelledIdCount;

    // Other threads never touch the ready queue: they put work here and wake the loop (asyncio's
    // call_soon_threadsafe writes to a self-pipe for the same reason).
    private readonly object _inboxGate = new();
    private readonly ReadyQueue _inbox = new();
    private int _inboxCount;
    private bool _idle;
    private bool _running;
    private int _loopThreadId;

    private int _outstanding; // ToThread work in flight: the virtual clock must not jump past it
    [ThreadStatic] private static EventLoop? t_handOffFor; // the loop whose ToThread work this thread is running
    private long _tickNumber;
    private int _taskCounter;
    private int _liveTasks;
    private readonly LoopSynchronizationContext _context;
    private readonly LoopSynchronizationContext _completionContext; // same loop, another identity: see CompleteWithoutInlining
    private readonly Action<object?> _timerSetResult;
    private readonly bool _trackTaskContexts;

    private EventLoop(bool isVirtual, bool trace)
    {
        _isVirtual = isVirtual;
        _context = new LoopSynchronizationContext(this);
        _completionContext = new LoopSynchronizationContext(this);
        _timerSetResult = state => CompleteWithoutInlining(s_setResult, state);
        IsTracing = trace;
        Clock = new LoopClock(this);
        Trace = new Timeline(isVirtual ? "event loop (virtual time)" : "event loop (real time)", Clock);
        Trace.TakeSpansFrom(_spans.TakeAll);
        _currentTask = new AsyncLocal<LoopTask?>(OnCurrentTaskChanged);
        _trackTaskContexts = trace || isVirtual;
    }

    /// <summary>
    /// A loop on a virtual clock: when nothing is ready, time jumps to the next timer. Exact and repeatable with the
    /// loop's own tools (Sleep, CallSoon, CallLater, CreateTask, CreateFuture, ToThread, AsCompleted, and Task.WhenAll
    /// over them); a callback that came from work the loop could not see is marked in the tick log.
    /// </summary>
    /// <param name="trace">Record every callback and task step in <see cref="Trace"/> and <see cref="Ticks"/> (turn off for benchmarks).</param>
    public static EventLoop Virtual(bool trace = true) => new(isVirtual: true, trace);

    /// <summary>A loop on the real clock (<see cref="Stopwatch"/>): it sleeps until the next timer or until another thread posts work.</summary>
    /// <param name="trace">Record every callback and task step in <see cref="Trace"/> and <see cref="Ticks"/> (turn off for benchmarks).</param>
    public static EventLoop RealTime(bool trace = true) => new(isVirtual: false, trace);

    /// <summary>Whether time is virtual (see <see cref="Virtual"/>).</summary>
    internal bool IsVirtual => _isVirtual;

    /// <summary>The loop's clock, like asyncio's <c>loop.time()</c>: time since the loop was created (virtual or real).</summary>
    public TimeSpan Time => _isVirtual ? new TimeSpan(Volatile.Read(ref _virtualNow)) : Stopwatch.GetElapsedTime(_origin);

    /// <summary>The loop's clock as a <see cref="TimeProvider"/> (what <see cref="Trace"/> reads).</summary>
    internal TimeProvider Clock { get; }

    /// <summary>The number of the tick running now (1 for the first); the last tick's number once <c>Run</c> returns.</summary>
    public long CurrentTick => _tickNumber;

    /// <summary>Whether the current thread is the loop's thread while it runs.</summary>
    internal bool IsLoopThread => _loopThreadId != 0 && Environment.CurrentManagedThreadId == _loopThreadId;

    /// <summary>
    /// Callbacks that reached this virtual loop, while it ran, from threads it had not handed work to (see
    /// <see cref="UntimedPost"/>): each ran when it arrived, not at a time the clock could vouch for.
    /// </summary>
    internal int UntimedArrivals { get; private set; }

    /// <summary>
    /// Tasks created with <see cref="CreateTask(Func{Task}, string?)"/> that had not finished when <c>main</c> completed.
    /// They were dropped (asyncio would cancel them: throw <c>CancelledError</c> into each and run their <c>finally</c> blocks).
    /// </summary>
    internal int TasksDroppedAtStop { get; private set; }

    /// <summary>
    /// Like <c>asyncio.run(main())</c>: runs <paramref name="main"/> as the first task, on the calling thread, until it
    /// completes; then stops. Tasks still pending are dropped. Exceptions from <paramref name="main"/> are rethrown here.
    /// </summary>
    public void Run(Func<Task> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        Run(Adapt(main));
    }

    /// <inheritdoc cref="Run(Func{Task})"/>
    /// <returns>What <paramref name="main"/> returned.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    public T Run<T>(Func<Task<T>> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (SynchronizationContext.Current is LoopSynchronizationContext)
            throw new InvalidOperationException("Run was called from code already running on an event loop (asyncio says: asyncio.run() cannot be called from a running event loop). Await the work instead, or create a task with CreateTask.");
        var previous = SynchronizationContext.Current;
        lock (_inboxGate)
        {
            if (_running)
                throw new InvalidOperationException("This loop is already running (on another thread). Create another loop with EventLoop.Virtual() or EventLoop.RealTime().");
            _running = true;
            _loopThreadId = Environment.CurrentManagedThreadId;
            // Callbacks scheduled before Run go first, as they would in asyncio's ready queue.
            _ready.TakeAllFrom(_inbox);
            _inbox.Clear();
            _inboxCount = 0;
        }
        Volatile.Write(ref _foreignSteps, 0);
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            var mainTask = StartTask(main, "main");
            while (true)
            {
                if (!PrepareTick()) continue;
                RunTick();
                if (mainTask.IsCompleted) break;
            }
            // asyncio stops one tick after main finishes: main's done-callback (which calls loop.stop()) is
            // scheduled with call_soon, and that tick still runs everything that is ready by then.
            if (MoveDueTimers()) RunTick();
            return mainTask.GetAwaiter().GetResult();
        }
        finally
        {
            if (IsTracing) FinishTrace();
            Stop();
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void Stop()
    {
        lock (_inboxGate)
        {
            _running = false;
            _loopThreadId = 0;
            _inbox.Clear();
            _inboxCount = 0;
        }
        _ready.Clear();
        _timers.Clear();
        _cancelledTimers = 0;
        TasksDroppedAtStop = Volatile.Read(ref _liveTasks);
        Volatile.Write(ref _liveTasks, 0);
    }

    /// <summary>
    /// Waits (or jumps the virtual clock) until something is ready, then moves due timers to the ready queue.
    /// Returns false when it only waited, so the caller asks again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    private bool PrepareTick()
    {
        if (Volatile.Read(ref _inboxCount) != 0) DrainInbox();
        if (_ready.Count == 0)
        {
            DropCancelledTimerHeads();
            if (_timers.Count == 0)
            {
                // Nothing of ours is pending: only another thread (Task.Run, Task.Delay, I/O) can wake us.
                WaitForInbox(Timeout.Infinite);
                return false;
            }
            long when = _timers.Peek().WhenTicks;
            if (_isVirtual)
            {
                // The clock moves only when nothing the loop knows of can still add work before the next timer:
                // ToThread work it handed off (thread work takes no virtual time), and its tasks' code running on
                // other threads right now. Work it cannot see (a Task.Run or a Task.WhenEach hop still queued, a
                // .NET timer, I/O) is never guessed at: it runs when it arrives, marked in the tick log (see
                // UntimedPost).
                if (Volatile.Read(ref _outstanding) > 0 || Volatile.Read(ref _foreignSteps) > 0)
                {
                    WaitForInbox(1);
                    return false;
                }
                if (Volatile.Read(ref _inboxCount) != 0) return false;
                if (when > _virtualNow) Volatile.Write(ref _virtualNow, when); // the jump
            }
            else
            {
                long waitTicks = when - Time.Ticks;
                if (waitTicks > 0)
                {
                    WaitForInbox((int)Math.Min(int.MaxValue, Math.Ceiling(waitTicks / (double)TimeSpan.TicksPerMillisecond)));
                    return false;
                }
            }
        }
        return MoveDueTimers();
    }

    /// <summary>asyncio: end_time = self.time() + clock_resolution; every timer due by then joins the ready queue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    private bool MoveDueTimers()
    {
        if (Volatile.Read(ref _inboxCount) != 0) DrainInbox();
        long end = Time.Ticks;
        while (_timers.TryPeek(out var timer, out _) && timer.WhenTicks <= end)
        {
            _timers.Dequeue();
            timer.Popped = true;
            if (timer.IsCancelled)
            {
                Interlocked.Decrement(ref _cancelledTimers);
                continue;
            }
            _ready.Enqueue(new ReadyItem { Callback = timer, Name = timer.Name });
            _timersMovedSinceTick++;
        }
        return _ready.Count > 0;
    }

    private void DropCancelledTimerHeads()
    {
        while (_timers.TryPeek(out var timer, out _) && timer.IsCancelled)
        {
            _timers.Dequeue();
            timer.Popped = true;
            Interlocked.Decrement(ref _cancelledTimers);
        }
    }

    /// <summary>Runs exactly the callbacks that are ready now; what they schedule runs in the next tick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    private void RunTick()
    {
        int ntodo = _ready.Count;
        _tickNumber++;
        if (!IsTracing || TraceTruncated)
        {
            _timersMovedSinceTick = 0;
            _inboxDrainedSinceTick = 0;
            for (int i = 0; i < ntodo; i++)
            {
                var item = _ready.Dequeue();
                if (item.Id != 0 && Volatile.Read(ref _cancelledIdCount) != 0 && IsReadyCancelled(item.Id)) continue;
                Invoke(in item);
            }
            return;
        }
        RunTickTraced(ntodo);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    private void Invoke(in ReadyItem item)
    {
        try
        {
            switch (item.Callback)
            {
                case Action action: action(); break;
                case Action<object?> withState: withState(item.State); break;
                case SendOrPostCallback posted: posted(item.State); break;
                case TimerEntry timer: if (!timer.IsCancelled) timer.Callback(timer.State); break;
            }
        }
        catch (Exception e)
        {
            // asyncio logs "Exception in callback …" and keeps going; so does this loop.
            ReportError(item.Name, e);
        }
    }

    /// <summary>Runs a queued callback, catching what it throws (see <see cref="UntimedPost"/>).</summary>
    internal void InvokeItem(in ReadyItem item) => Invoke(in item);

    private void DrainInbox()
    {
        lock (_inboxGate)
        {
            _inboxDrainedSinceTick += _inbox.Count;
            _ready.TakeAllFrom(_inbox);
            _inboxCount = 0;
        }
    }

    private void WaitForInbox(int milliseconds)
    {
        lock (_inboxGate)
        {
            if (_inbox.Count != 0) return;
            _idle = true;
            Monitor.Wait(_inboxGate, milliseconds);
            _idle = false;
        }
    }

    /// <summary>
    /// Queues a callback on the loop from any thread. <paramref name="keepIfStopped"/>: before Run, keep it for the run.
    /// <paramref name="handedOff"/>: it reports back work the loop handed off and waits for (ToThread), so a virtual
    /// clock times it exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    private void Enqueue(in ReadyItem item, bool keepIfStopped, bool handedOff = false)
    {
        if (IsLoopThread)
        {
            _ready.Enqueue(item);
            return;
        }
        lock (_inboxGate)
        {
            // Continuations posted after the loop stopped belong to dropped tasks: they are dropped too.
            if (!_running && !keepIfStopped) return;
            if (_running && _isVirtual && !handedOff && t_handOffFor != this)
            {
                UntimedArrivals++;
                if (IsTracing) _inbox.Enqueue(UntimedPost.Wrap(this, item));
                else _inbox.Enqueue(item);
            }
            else _inbox.Enqueue(item);
            Volatile.Write(ref _inboxCount, _inbox.Count);
            if (_idle) Monitor.Pulse(_inboxGate);
        }
    }

    /// <summary>Called by the synchronization context: the rest of an async method, to run on the loop.</summary>
    internal void PostContinuation(SendOrPostCallback callback, object? state) =>
        Enqueue(new ReadyItem { Callback = callback, State = state, Name = IsTracing ? DescribeWaker() : null }, keepIfStopped: false);

    /// <summary>Internal scheduling: no handle, no cancel.</summary>
    private void Schedule(Action<object?> callback, object? state, string? name) =>
        Enqueue(new ReadyItem { Callback = callback, State = state, Name = name }, keepIfStopped: true);

    internal bool IsReadyCancelled(long id)
    {
        if (id == 0) return false;
        lock (_cancelGate) return _cancelledIds.Contains(id);
    }

    internal void CancelReady(long id)
    {
        lock (_cancelGate)
        {
            if (_cancelledIds.Add(id)) _cancelledIdCount++;
        }
    }

    internal void CancelTimer(TimerEntry timer)
    {
        if (timer.TryCancel() && !timer.Popped) Interlocked.Increment(ref _cancelledTimers);
    }

    private static readonly Action<object?> s_setResult = static state => ((TaskCompletionSource)state!).TrySetResult();
    private static readonly Action<object?> s_invokeAction = static state => ((Action)state!)();
}
