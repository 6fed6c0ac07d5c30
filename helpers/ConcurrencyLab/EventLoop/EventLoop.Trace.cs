using System.Globalization;

namespace ConcurrencyLab;

// What the loop records while it runs: every callback (lane "event loop"), every task step and wait (lane = the
// task's name), one Tick per turn, the lines printed through Print, and exceptions that escaped callbacks.
public sealed partial class EventLoop
{
    /// <summary>The lane of callbacks on the chart: the loop's one thread.</summary>
    internal const string LoopLane = "event loop";

    /// <summary>Recording stops after this many spans so a long run cannot eat the memory (see <see cref="TraceTruncated"/>).</summary>
    internal const int MaxTraceSpans = 100_000;

    private readonly AsyncLocal<LoopTask?> _currentTask;
    private readonly List<LoopTask> _enteredTasks = new();
    private readonly List<PrintedLine> _printed = new();
    private readonly List<Exception> _errors = new();
    private bool _inCallback;
    private int _foreignSteps; // steps of our tasks running on other threads right now
    private int _spanCount;

    /// <summary>Whether callbacks and steps are being recorded (chosen when the loop is created).</summary>
    internal bool IsTracing { get; }

    /// <summary>
    /// Every callback (lane <see cref="LoopLane"/>, kind Cpu) and every task step (lane = the task name, Cpu) with the
    /// waits between steps (Waiting). On a virtual loop callbacks take no time: they are instants.
    /// </summary>
    public Timeline Trace { get; }

    /// <summary>One entry per tick: time, ready count, timers waiting, what ran. <c>loop.Ticks.ToText()</c> prints it.</summary>
    public TickLog Ticks { get; } = new();

    /// <summary>True when <see cref="MaxTraceSpans"/> was reached and later callbacks were not recorded.</summary>
    internal bool TraceTruncated { get; private set; }

    /// <summary>Where <see cref="Print(string)"/> writes; null (the default) means the console.</summary>
    internal TextWriter? Output { get; set; }

    /// <summary>Every line written with <see cref="Print(string)"/>, with its loop time and tick.</summary>
    internal IReadOnlyList<PrintedLine> Printed
    {
        get { lock (_printed) return _printed.ToArray(); }
    }

    /// <summary>Exceptions thrown by callbacks (asyncio logs them as "Exception in callback" and carries on).</summary>
    internal IReadOnlyList<Exception> Errors
    {
        get { lock (_errors) return _errors.ToArray(); }
    }

    /// <summary>Writes a line (like <c>print</c>) and remembers when and in which tick, for <see cref="TickLog.ToText"/>.</summary>
    public void Print(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_printed) _printed.Add(new PrintedLine(Time, _tickNumber, text));
        if (_runningCallback is { } running && IsLoopThread) running.AddPrinted(text);
        (Output ?? Console.Out).WriteLine(text);
    }

    /// <summary>The tick table with the printed lines under their ticks (see <see cref="TickLog.ToText"/>).</summary>
    public string TickTable(int maxRows = 200) => Ticks.ToText(maxRows, Printed);

    /// <summary>Most timers listed per tick in <see cref="Tick.Timers"/> (<see cref="Tick.TimersPending"/> counts them all).</summary>
    internal const int MaxTimersListed = 100;

    private readonly List<LoopTask> _tasks = new(); // created while tracing, in creation order (lock it: any thread may create)
    private TickCallback? _runningCallback; // the queue entry running now (tracing only)
    private ReadyItem _runningItem;
    private int _timersMovedSinceTick;   // the origins of the next tick's queue, counted as it fills:
    private int _inboxDrainedSinceTick;  // [scheduled on the loop][posted from other threads][due timers]

    private void RunTickTraced(int ntodo)
    {
        var tickTime = Time;
        int timers = Math.Min(_timersMovedSinceTick, ntodo);
        int fromOtherThreads = Math.Min(_inboxDrainedSinceTick, ntodo - timers);
        int scheduled = ntodo - timers - fromOtherThreads;
        _timersMovedSinceTick = 0;
        _inboxDrainedSinceTick = 0;
        // Sized for a usual tick: a burst of a million callbacks would make these large objects, then stop
        // recording at MaxTraceSpans anyway.
        var ran = new List<string>(Math.Min(ntodo, 4_096));
        var queue = new List<TickCallback>(Math.Min(ntodo, 4_096));
        for (int i = 0; i < ntodo; i++)
        {
            var item = UntimedPost.Unwrap(_ready.Dequeue(), out bool untimed);
            var origin = i < scheduled ? QueueOrigin.Scheduled : i < scheduled + fromOtherThreads ? QueueOrigin.OtherThread : QueueOrigin.TimerDue;
            if ((item.Id != 0 && Volatile.Read(ref _cancelledIdCount) != 0 && IsReadyCancelled(item.Id))
                || item.Callback is TimerEntry { IsCancelled: true })
            {
                queue.Add(new TickCallback(item.Name ?? "call_soon callback", origin, cancelled: true));
                continue;
            }
            var entry = new TickCallback(null, origin, cancelled: false) { Note = untimed ? UntimedPost.Note : null };
            queue.Add(entry);
            var start = Time;
            _enteredTasks.Clear();
            _runningCallback = entry;
            _runningItem = item;
            _inCallback = true;
            try { Invoke(in item); }
            finally
            {
                _inCallback = false;
                _runningCallback = null;
                _runningItem = default;
            }
            var end = Time;
            string label = _enteredTasks.Count switch
            {
                0 => IsContinuation(in item) ? "continuation" : item.Name ?? "call_soon callback",
                1 => _enteredTasks[0].StepLabel,
                _ => "step " + string.Join(" + ", _enteredTasks.Select(t => t.Name).Distinct()),
            };
            entry.Label = label;
            ran.Add(label);
            Record(label, LoopLane, start, end, SpanKind.Cpu);
            if (TraceTruncated)
            {
                // The trace is full: this tick is not recorded, but the rest of it runs as it would have.
                for (int j = i + 1; j < ntodo; j++)
                {
                    var rest = _ready.Dequeue();
                    if (rest.Id != 0 && Volatile.Read(ref _cancelledIdCount) != 0 && IsReadyCancelled(rest.Id)) continue;
                    Invoke(in rest);
                }
                return;
            }
        }
        int timersPending = _timers.Count - Volatile.Read(ref _cancelledTimers);
        if (!TraceTruncated)
            Ticks.Add(new Tick(_tickNumber, tickTime, ntodo, timersPending, ran) { Queue = queue, Timers = SnapshotTimers() });
    }

    /// <summary>The rest of an async method (posted by .NET or by an awaited zero sleep), as opposed to a named callback.</summary>
    private static bool IsContinuation(in ReadyItem item) =>
        item.Callback is SendOrPostCallback || (item.Callback is Action && item.Id == 0) || ReferenceEquals(item.Callback, s_runInContext);

    /// <summary>The timers still in the heap, soonest first (ties in the order they were set), at most <see cref="MaxTimersListed"/>.</summary>
    private PendingTimer[] SnapshotTimers()
    {
        if (_timers.Count == 0) return [];
        var live = new List<TimerEntry>(_timers.Count);
        foreach (var (timer, _) in _timers.UnorderedItems)
            if (!timer.IsCancelled) live.Add(timer);
        live.Sort(static (a, b) => new TimerKey(a.WhenTicks, a.Sequence).CompareTo(new TimerKey(b.WhenTicks, b.Sequence)));
        var list = new PendingTimer[Math.Min(live.Count, MaxTimersListed)];
        for (int i = 0; i < list.Length; i++) list[i] = new PendingTimer(live[i].Name ?? "call_later callback", TimeSpan.FromTicks(live[i].WhenTicks));
        return list;
    }

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
        if (!_inCallback || !IsTracing || TraceTruncated) return;
        var now = Time;
        if (change.PreviousValue is { } left && left.Loop == this) CloseStep(left, now);
        if (change.CurrentValue is { } entered && entered.Loop == this) OpenStep(entered, now);
    }

    private void OpenStep(LoopTask task, TimeSpan now)
    {
        _enteredTasks.Add(task);
        if (task.SuspendedAt is { } since) Record("await", task.Name, since, now, SpanKind.Waiting);
        task.SuspendedAt = null;
        task.StepStart = now;
        // What woke it: a zero sleep or a timer it registered itself, else whoever posted this continuation.
        var wokenBy = task.PendingAwait ?? _runningItem.Name ?? (_runningItem.Callback is TimerEntry ? null : "its start");
        if (task.LastStep is { TaskFinished: false, Awaits: null } previous) previous.Awaits = wokenBy;
        task.PendingAwait = null;
        if (_runningCallback is { Task: null } entry)
        {
            entry.Task = task.Name;
            entry.SteppedTask = task;
            entry.WokenBy = task.Steps == 0 ? null : wokenBy;
            task.LastStep = entry;
        }
    }

    private void CloseStep(LoopTask task, TimeSpan now)
    {
        task.Steps++;
        Record(StepName(task.Steps), task.Name, task.StepStart, now, SpanKind.Cpu);
        if (task.Finished)
        {
            if (task.LastStep is { } last && last.SteppedTask == task) last.TaskFinished = true;
        }
        else
        {
            task.SuspendedAt = now;
            if (task.LastStep is { } last && task.PendingAwait is { } known) last.Awaits = known;
        }
    }

    /// <summary>Called by an awaited <see cref="SleepAwaitable"/>: the current task now waits for this sleep.</summary>
    internal void NoteSleepAwaited(TimeSpan delay, TimeSpan due)
    {
        if (!IsLoopThread || _currentTask.Value is not { } task || task.Loop != this) return;
        task.PendingAwait = delay == TimeSpan.Zero
            ? "sleep(0), a bare yield"
            : string.Create(CultureInfo.InvariantCulture, $"sleep {Seconds(delay)}, due at {due.TotalSeconds:0.000} s");
    }

    /// <summary>
    /// While tracing, what a continuation posted now will be waking its task for: the task that just finished,
    /// or the callback, timer or task that completed a future (asyncio: the future's done-callback).
    /// </summary>
    private string? DescribeWaker()
    {
        if (!IsLoopThread) return "work on another thread (thread pool, a .NET timer, I/O)";
        if (!_inCallback) return null;
        if (_currentTask.Value is { } task && task.Loop == this)
            return task.Finished ? $"task {task.Name}" : $"a future completed by task {task.Name}";
        if (_runningItem.Name is { } name)
            return name == ToThreadDone ? "to_thread: work on a worker thread" : $"a future completed by \"{name}\"";
        return "a future completed by a callback";
    }

    private const string ToThreadDone = "to_thread done";

    /// <summary>What was still in the ready queue when the last run stopped (dropped, as asyncio drops it).</summary>
    internal IReadOnlyList<TickCallback> LeftInQueue { get; private set; } = [];

    /// <summary>After the run: tasks still waiting say what for (what they registered, or that nothing came).</summary>
    private void FinishTrace()
    {
        var left = new List<TickCallback>();
        for (int i = 0; i < _ready.Count && left.Count < MaxTimersListed; i++)
        {
            var item = UntimedPost.Unwrap(in _ready.PeekAt(i), out _);
            left.Add(new TickCallback(IsContinuation(in item) ? $"a task's next step (woken by {item.Name ?? "a callback"})" : item.Name ?? "call_soon callback", QueueOrigin.Scheduled, cancelled: false));
        }
        LeftInQueue = left;
        foreach (var task in _tasks)
        {
            if (task.Finished || task.LastStep is not { Awaits: null, TaskFinished: false } last || last.SteppedTask != task) continue;
            last.Awaits = task.PendingAwait ?? "something still pending when main returned (the task was dropped)";
        }
    }

    private static string[] s_stepNames = [];

    /// <summary>"step 1", "step 2"…: one string per number, shared, so recording a step allocates no name.</summary>
    private static string StepName(int number)
    {
        var names = s_stepNames;
        if (number < names.Length) return names[number];
        if (number > 100_000) return "step " + number.ToString(CultureInfo.InvariantCulture);
        var bigger = new string[Math.Max(number + 1, names.Length * 2)];
        Array.Copy(names, bigger, names.Length);
        for (int i = Math.Max(1, names.Length); i < bigger.Length; i++) bigger[i] = "step " + i.ToString(CultureInfo.InvariantCulture);
        s_stepNames = bigger;
        return bigger[number];
    }

    private void Record(string name, string lane, TimeSpan start, TimeSpan end, SpanKind kind)
    {
        if (TraceTruncated) return;
        if (++_spanCount > MaxTraceSpans)
        {
            TraceTruncated = true;
            return;
        }
        _spans.Add(name, lane, start, end < start ? start : end, kind, _loopThreadId);
    }

    /// <summary>The loop's own spans wait here until someone uses <see cref="Trace"/> (then they go in, in order).</summary>
    private readonly LoopSpanBuffer _spans = new();

    private void ReportError(string? callbackName, Exception error)
    {
        lock (_errors) _errors.Add(error);
        Console.Error.WriteLine($"Exception in callback {callbackName ?? "(unnamed)"}: {error.GetType().Name}: {error.Message}");
    }

    private string ForTask() => _currentTask.Value is { } task ? $" ({task.Name})" : "";

    private static string Seconds(TimeSpan delay) =>
        delay.TotalSeconds.ToString(delay.TotalSeconds % 1 == 0 ? "0" : "0.###", CultureInfo.InvariantCulture) + " s";
}
