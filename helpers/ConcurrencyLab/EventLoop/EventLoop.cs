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
/// runs when it arrives, and the tick table and the player say so under the tick that ran it.
/// <see cref="RealTime"/>: the loop waits on the real clock, and a blocking call inside a callback stalls everything.
/// </para>
/// <para>
/// This file is the loop itself: the ready queue, the timers, the inbox for other threads, the clock and the run.
/// The asyncio-shaped methods that schedule work are in EventLoop.Scheduling.cs; what a tracing loop records is
/// kept by its <see cref="LoopTrace"/>, and <see cref="ToPlayer"/> plays that back.
/// </para>
/// </summary>
public sealed partial class EventLoop
{
    private readonly bool _isVirtual;
    private readonly long _origin = Stopwatch.GetTimestamp();
    private long _virtualNow; // TimeSpan ticks; only the loop thread writes it

    private readonly ReadyQueue _ready = new();
    private readonly TimerHeap _timers = new();
    private long _nextHandleId;

    // CallSoon callbacks cancelled through their handle, by id: skipped when their turn comes.
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
    private int _timersMovedSinceTick;  // the origins of the next tick's queue, counted as it fills:
    private int _inboxDrainedSinceTick; // [scheduled on the loop][posted from other threads][due timers]

    // The task whose code runs now, on any thread: flows into every await of a task's body and into work it
    // starts on other threads (tracked while tracing, and always on a virtual clock).
    private readonly AsyncLocal<LoopTask?> _currentTask;
    private readonly bool _trackTaskContexts;
    private int _foreignSteps; // steps of our tasks running on other threads right now

    private readonly LoopSynchronizationContext _context;
    private readonly LoopSynchronizationContext _completionContext; // same loop, another identity: see CompleteWithoutInlining
    private readonly Action<object?> _timerSetResult; // a sleep's timer: completes its promise without inlining
    private int _taskCounter;
    private int _liveTasks; // started, not finished: dropped when Run returns

    private readonly LoopTrace? _trace; // null: the loop records nothing
    private readonly List<Exception> _errors = new();

    private EventLoop(bool isVirtual, bool trace)
    {
        _isVirtual = isVirtual;
        _context = new LoopSynchronizationContext(this);
        _completionContext = new LoopSynchronizationContext(this);
        _timerSetResult = state => CompleteWithoutInlining(s_setResult, state);
        Clock = new LoopClock(this);
        Trace = new Timeline(isVirtual ? "event loop (virtual time)" : "event loop (real time)", Clock);
        if (trace) _trace = new LoopTrace(Trace);
        _currentTask = new AsyncLocal<LoopTask?>(OnCurrentTaskChanged);
        _trackTaskContexts = trace || isVirtual;
    }

    /// <summary>
    /// A loop on a virtual clock: when nothing is ready, time jumps to the next timer. Exact and repeatable with the
    /// loop's own tools (Sleep, CallSoon, CallLater, CreateTask, CreateFuture, ToThread, AsCompleted, and Task.WhenAll
    /// over them); a callback that came from work the loop could not see is marked in the tick log.
    /// </summary>
    /// <param name="trace">Record every callback and task step in <see cref="Trace"/> and the tick log (turn off for benchmarks).</param>
    public static EventLoop Virtual(bool trace = true) => new(isVirtual: true, trace);

    /// <summary>A loop on the real clock (<see cref="Stopwatch"/>): it sleeps until the next timer or until another thread posts work.</summary>
    /// <param name="trace">Record every callback and task step in <see cref="Trace"/> and the tick log (turn off for benchmarks).</param>
    public static EventLoop RealTime(bool trace = true) => new(isVirtual: false, trace);

    /// <summary>Whether time is virtual (see <see cref="Virtual"/>).</summary>
    internal bool IsVirtual => _isVirtual;

    /// <summary>Whether callbacks and steps are being recorded (chosen when the loop is created).</summary>
    internal bool IsTracing => _trace is not null;

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
    /// Every callback (lane "event loop", kind Cpu) and every task step (lane = the task name, Cpu) with the waits
    /// between steps (Waiting). On a virtual loop callbacks take no time: they are instants. Empty when the loop was
    /// created with <c>trace: false</c>.
    /// </summary>
    public Timeline Trace { get; }

    /// <summary>One entry per tick: time, ready count, timers waiting, what ran (empty when not tracing).</summary>
    internal TickLog Ticks => _trace?.Ticks ?? TickLog.Empty;

    /// <summary>Every line written with <see cref="Print(string)"/> while tracing, with its loop time and tick.</summary>
    internal IReadOnlyList<PrintedLine> Printed => _trace?.Printed ?? [];

    /// <summary>True when the trace reached <see cref="LoopTrace.MaxSpans"/> and later callbacks were not recorded.</summary>
    internal bool TraceTruncated => _trace?.IsFull ?? false;

    /// <summary>Where <see cref="Print(string)"/> writes; null (the default) means the console. <see cref="TextWriter.Null"/>
    /// keeps a run quiet: the lines are still remembered for the tick table and the player.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>Exceptions thrown by callbacks (asyncio logs them as "Exception in callback" and carries on).</summary>
    internal IReadOnlyList<Exception> Errors
    {
        get { lock (_errors) return _errors.ToArray(); }
    }

    /// <summary>Writes a line (like <c>print</c>) and, while tracing, remembers when and in which tick, for <see cref="TickTable"/>.</summary>
    public void Print(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _trace?.AddPrinted(Time, _tickNumber, text, IsLoopThread);
        (Output ?? Console.Out).WriteLine(text);
    }

    /// <summary>
    /// The tick log as a fixed-width table, one row per tick: number, time, ready count, timers waiting, what ran,
    /// with the lines printed during a tick under it, after a note for each callback that a virtual clock could not
    /// time. At most <paramref name="maxRows"/> ticks are listed.
    /// </summary>
    public string TickTable(int maxRows = 200) => Ticks.ToText(maxRows, Printed);

    /// <summary>
    /// A step-through player of what this loop ran (see <see cref="LoopPlayer"/>): display it in a notebook, or
    /// print <c>ToText()</c>. Built from the trace, so the loop must be tracing (the default).
    /// </summary>
    /// <param name="title">The heading (default: the trace's title).</param>
    public LoopPlayer ToPlayer(string? title = null)
    {
        if (_trace is null)
            throw new InvalidOperationException("This loop was created with trace: false, so it recorded nothing to play. Create it with EventLoop.Virtual() or EventLoop.RealTime() (tracing is on by default) and run it again.");
        if (_running && !IsLoopThread)
            throw new InvalidOperationException("The loop is still running on another thread: build the player once Run has returned.");
        return LoopPlayer.Of(_trace, title ?? Trace.Title ?? "event loop", IsVirtual);
    }

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
        Task<T>? mainTask = null;
        try
        {
            mainTask = StartTask(main, "main");
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
            _trace?.FinishRun(_ready, mainTask, _tickNumber);
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
            if (!_timers.TryPeekNext(out long when))
            {
                // Nothing of ours is pending: only another thread (Task.Run, Task.Delay, I/O) can wake us.
                WaitForInbox(Timeout.Infinite);
                return false;
            }
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
        while (_timers.TryTakeDue(end, out var timer))
        {
            _ready.Enqueue(new ReadyItem { Callback = timer, Name = timer.Name });
            _timersMovedSinceTick++;
        }
        return _ready.Count > 0;
    }

    /// <summary>Runs exactly the callbacks that are ready now; what they schedule runs in the next tick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    private void RunTick()
    {
        int ntodo = _ready.Count;
        _tickNumber++;
        if (_trace is { IsFull: false } trace)
        {
            RunTickTraced(trace, ntodo);
            return;
        }
        _timersMovedSinceTick = 0;
        _inboxDrainedSinceTick = 0;
        RunReady(ntodo);
    }

    /// <summary>Runs the next <paramref name="count"/> callbacks of the ready queue, skipping cancelled ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    private void RunReady(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var item = _ready.Dequeue();
            if (item.Id != 0 && Volatile.Read(ref _cancelledIdCount) != 0 && IsReadyCancelled(item.Id)) continue;
            Invoke(in item);
        }
    }

    /// <summary>A tick as <see cref="RunTick"/> runs it, with each callback told to the trace before and after it runs.</summary>
    private void RunTickTraced(LoopTrace trace, int ntodo)
    {
        trace.BeginTick(_tickNumber, Time, ntodo, _timersMovedSinceTick, _inboxDrainedSinceTick);
        _timersMovedSinceTick = 0;
        _inboxDrainedSinceTick = 0;
        for (int i = 0; i < ntodo; i++)
        {
            var item = UntimedPost.Unwrap(_ready.Dequeue(), out bool untimed);
            if ((item.Id != 0 && Volatile.Read(ref _cancelledIdCount) != 0 && IsReadyCancelled(item.Id))
                || item.Callback is TimerEntry { IsCancelled: true })
            {
                trace.SkipCancelled(in item);
                continue;
            }
            var entry = trace.EnterCallback(in item, untimed);
            var start = Time;
            try { Invoke(in item); }
            finally { trace.LeaveCallback(); }
            trace.RecordCallback(entry, in item, start, Time, _loopThreadId);
            if (trace.IsFull)
            {
                // The trace is full: this tick is not recorded, but the rest of it runs as it would have.
                RunReady(ntodo - i - 1);
                return;
            }
        }
        trace.EndTick(_timers);
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

    private void ReportError(string? callbackName, Exception error)
    {
        lock (_errors) _errors.Add(error);
        Console.Error.WriteLine($"Exception in callback {callbackName ?? "(unnamed)"}: {error.GetType().Name}: {error.Message}");
    }

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
        Enqueue(new ReadyItem { Callback = callback, State = state, Name = _trace?.DescribeWaker(IsLoopThread, CurrentTaskOfThisLoop()) }, keepIfStopped: false);

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

    internal void CancelTimer(TimerEntry timer) => _timers.Cancel(timer);

    /// <summary>Throws unless called on the loop's thread while it runs; <paramref name="what"/> starts the message.</summary>
    internal void RequireLoopThread(string what)
    {
        if (!IsLoopThread)
            throw new InvalidOperationException($"{what} on the loop's thread, inside Run (the loop is {(_running ? "running on another thread" : "not running")}).");
    }

    /// <summary>This loop's task whose code runs now on this thread, if any.</summary>
    private LoopTask? CurrentTaskOfThisLoop() => _currentTask.Value is { } task && task.Loop == this ? task : null;

    // The AsyncLocal holding the current task changes whenever .NET restores a task's ExecutionContext to run one
    // of its continuations, and back when the step ends: exactly the step boundaries.
    private void OnCurrentTaskChanged(AsyncLocalValueChangedArgs<LoopTask?> change)
    {
        if (Environment.CurrentManagedThreadId != _loopThreadId)
        {
            // Our tasks' code running on another thread (Task.Run, a ConfigureAwait(false) continuation inside
            // Task.WhenEach...): while it runs it may post back to the loop, so the virtual clock waits for it.
            if (change.PreviousValue is { } gone && gone.Loop == this) Interlocked.Decrement(ref _foreignSteps);
            if (change.CurrentValue is { } came && came.Loop == this) Interlocked.Increment(ref _foreignSteps);
            return;
        }
        if (_trace is not { InCallback: true, IsFull: false } trace) return;
        trace.StepChanged(
            change.PreviousValue is { } left && left.Loop == this ? left : null,
            change.CurrentValue is { } entered && entered.Loop == this ? entered : null,
            Time, _loopThreadId);
    }

    private static readonly Action<object?> s_setResult = static state => ((TaskCompletionSource)state!).TrySetResult();
    private static readonly Action<object?> s_invokeAction = static state => ((Action)state!)();
}
