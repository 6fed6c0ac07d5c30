using System.Globalization;

namespace ConcurrencyLab;

/// <summary>
/// What a tracing <see cref="EventLoop"/> records while it runs, and only that: every callback (lane
/// <see cref="LoopLane"/>) and every task step and wait (lane = the task's name) as spans of the loop's
/// <see cref="Timeline"/>, one <see cref="Tick"/> per turn with its ready queue and timers, the lines printed, and
/// the tasks. The loop owns one when created with tracing on, runs its ticks and tells it what happens; the player
/// (<see cref="LoopPlayer"/>) reads it afterwards. Everything here runs on the loop's thread, except
/// <see cref="AddTask"/> and the printed lines, which any thread may add.
/// </summary>
internal sealed class LoopTrace
{
    /// <summary>The lane of callbacks on the chart: the loop's one thread.</summary>
    internal const string LoopLane = "event loop";

    /// <summary>Recording stops after this many spans so a long run cannot eat the memory (see <see cref="IsFull"/>).</summary>
    internal const int MaxSpans = 100_000;

    /// <summary>Most timers listed per tick in <see cref="Tick.Timers"/> (<see cref="Tick.TimersPending"/> counts them all).</summary>
    internal const int MaxTimersListed = 100;

    /// <summary>The label of the callback that reports finished <c>ToThread</c> work back to the loop.</summary>
    internal const string ToThreadDone = "to_thread done";

    private readonly LoopSpanBuffer _spans = new(); // spans wait here until someone reads the timeline
    private readonly List<LoopTask> _tasks = new(); // in creation order (lock it: any thread may create a task)
    private readonly List<PrintedLine> _printed = new();
    private readonly List<LoopTask> _enteredTasks = new(); // the tasks the running callback stepped
    private int _spanCount;

    // The tick being recorded: its time, where each queue position came from, and what ran so far.
    private long _tickNumber;
    private TimeSpan _tickTime;
    private int _tickReady;
    private int _scheduled;
    private int _fromOtherThreads;
    private List<string> _ran = [];
    private List<TickCallback> _queue = [];

    // The callback running now, while it runs.
    private TickCallback? _runningCallback;
    private ReadyItem _runningItem;

    /// <param name="timeline">The loop's trace, which takes the recorded spans when it is read.</param>
    public LoopTrace(Timeline timeline)
    {
        Timeline = timeline;
        timeline.TakeSpansFrom(_spans.TakeAll);
    }

    /// <summary>The recorded spans: the loop's public <see cref="EventLoop.Trace"/>.</summary>
    public Timeline Timeline { get; }

    /// <summary>One entry per recorded tick.</summary>
    public TickLog Ticks { get; } = new();

    /// <summary>True once <see cref="MaxSpans"/> was reached: later callbacks, steps and ticks are not recorded.</summary>
    public bool IsFull { get; private set; }

    /// <summary>Ticks that ran once the trace was full (<see cref="IsFull"/>): counted when the run ends, not recorded.</summary>
    public long TicksLeftOut { get; private set; }

    /// <summary>
    /// How the last run ended, in the player recording's terms: <c>completed</c> (main returned) or <c>raised</c>
    /// (main, or the loop, threw), with the exception as detail; null before a run ends.
    /// </summary>
    public (string Reason, string? Detail)? Ended { get; private set; }

    /// <summary>True while a callback of a recorded tick runs (between <see cref="EnterCallback"/> and <see cref="LeaveCallback"/>).</summary>
    public bool InCallback { get; private set; }

    /// <summary>The label of the callback running now (null: derived once it has run), or null outside a callback.</summary>
    public string? RunningName => _runningItem.Name;

    /// <summary>What was still in the ready queue when the last run stopped (dropped, as asyncio drops it).</summary>
    public IReadOnlyList<TickCallback> LeftInQueue { get; private set; } = [];

    /// <summary>Every line printed with <see cref="EventLoop.Print(string)"/>, with its loop time and tick.</summary>
    public IReadOnlyList<PrintedLine> Printed
    {
        get { lock (_printed) return _printed.ToArray(); }
    }

    /// <summary>The tasks created so far, in creation order.</summary>
    public LoopTask[] Tasks()
    {
        lock (_tasks) return _tasks.ToArray();
    }

    public void AddTask(LoopTask task)
    {
        lock (_tasks) _tasks.Add(task);
    }

    /// <summary>Records a printed line; printed on the loop's thread during a callback, it is also that callback's.</summary>
    public void AddPrinted(TimeSpan time, long tick, string text, bool onLoopThread)
    {
        lock (_printed) _printed.Add(new PrintedLine(time, tick, text));
        if (_runningCallback is { } running && onLoopThread) running.AddPrinted(text);
    }

    /// <summary>
    /// A tick begins: <paramref name="ready"/> callbacks will run, the first ones queued on the loop, then
    /// <paramref name="fromOtherThreads"/> posted from other threads, then <paramref name="timersDue"/> due timers.
    /// </summary>
    public void BeginTick(long number, TimeSpan time, int ready, int timersDue, int fromOtherThreads)
    {
        int timers = Math.Min(timersDue, ready);
        _fromOtherThreads = Math.Min(fromOtherThreads, ready - timers);
        _scheduled = ready - timers - _fromOtherThreads;
        _tickNumber = number;
        _tickTime = time;
        _tickReady = ready;
        // Sized for a usual tick: a burst of a million callbacks would make these large objects, then stop
        // recording at MaxSpans anyway.
        _ran = new List<string>(Math.Min(ready, 4_096));
        _queue = new List<TickCallback>(Math.Min(ready, 4_096));
    }

    /// <summary>The next queue entry was cancelled after it was queued: it is listed, and skipped.</summary>
    public void SkipCancelled(in ReadyItem item) =>
        _queue.Add(new TickCallback(item.Name ?? "call_soon callback", NextOrigin(), cancelled: true));

    /// <summary>The next queue entry is about to run (<paramref name="untimed"/>: it came from a thread the loop did not start).</summary>
    public TickCallback EnterCallback(in ReadyItem item, bool untimed)
    {
        var entry = new TickCallback(null, NextOrigin(), cancelled: false) { Note = untimed ? UntimedPost.Note : null };
        _queue.Add(entry);
        _enteredTasks.Clear();
        _runningCallback = entry;
        _runningItem = item;
        InCallback = true;
        return entry;
    }

    /// <summary>The callback returned (or threw).</summary>
    public void LeaveCallback()
    {
        InCallback = false;
        _runningCallback = null;
        _runningItem = default;
    }

    /// <summary>Labels the callback that ran from <paramref name="start"/> to <paramref name="end"/> by what it did, and records it.</summary>
    public void RecordCallback(TickCallback entry, in ReadyItem item, TimeSpan start, TimeSpan end, int threadId)
    {
        string label = _enteredTasks.Count switch
        {
            0 => IsContinuation(in item) ? "continuation" : item.Name ?? "call_soon callback",
            1 => _enteredTasks[0].StepLabel,
            _ => "step " + string.Join(" + ", _enteredTasks.Select(t => t.Name).Distinct()),
        };
        entry.Label = label;
        _ran.Add(label);
        Record(label, LoopLane, start, end, SpanKind.Cpu, threadId);
    }

    /// <summary>The tick ended with <paramref name="timers"/> waiting: it joins the log (unless the trace is full).</summary>
    public void EndTick(TimerHeap timers)
    {
        if (IsFull) return;
        var listed = timers.Soonest(MaxTimersListed);
        var pending = new PendingTimer[listed.Count];
        for (int i = 0; i < pending.Length; i++) pending[i] = new PendingTimer(listed[i].Name ?? "call_later callback", TimeSpan.FromTicks(listed[i].WhenTicks));
        Ticks.Add(new Tick(_tickNumber, _tickTime, _tickReady, timers.Pending, _ran) { Queue = _queue, Timers = pending });
    }

    /// <summary>
    /// The current task changed on the loop's thread during a callback: <paramref name="left"/> ends a step,
    /// <paramref name="entered"/> starts one (either may be null, or a task of another loop, passed as null).
    /// </summary>
    public void StepChanged(LoopTask? left, LoopTask? entered, TimeSpan now, int threadId)
    {
        if (left is not null) CloseStep(left, now, threadId);
        if (entered is not null) OpenStep(entered, now, threadId);
    }

    /// <summary>The current task awaits a sleep: what its step will say it awaits.</summary>
    public static void NoteSleepAwaited(LoopTask task, TimeSpan delay, TimeSpan due) =>
        task.PendingAwait = delay == TimeSpan.Zero
            ? "sleep(0), a bare yield"
            : string.Create(CultureInfo.InvariantCulture, $"sleep {Seconds(delay)}, due at {due.TotalSeconds:0.000} s");

    /// <summary>The label of a sleep's timer: <c>sleep 1 s timer (main)</c>.</summary>
    public static string SleepTimerName(TimeSpan delay, LoopTask? task) =>
        $"sleep {Seconds(delay)} timer{(task is null ? "" : $" ({task.Name})")}";

    /// <summary>
    /// What a continuation posted now will be waking its task for: the task that just finished, or the callback,
    /// timer or task that completed a future (asyncio: the future's done-callback).
    /// </summary>
    /// <param name="onLoopThread">Whether it is posted from the loop's thread.</param>
    /// <param name="current">The loop's task current on this thread, if any.</param>
    public string? DescribeWaker(bool onLoopThread, LoopTask? current)
    {
        if (!onLoopThread) return "work on another thread (thread pool, a .NET timer, I/O)";
        if (!InCallback) return null;
        if (current is not null)
            return current.Finished ? $"task {current.Name}" : $"a future completed by task {current.Name}";
        if (_runningItem.Name is { } name)
            return name == ToThreadDone ? "to_thread: work on a worker thread" : $"a future completed by \"{name}\"";
        return "a future completed by a callback";
    }

    /// <summary>
    /// After the run: how it ended (<paramref name="main"/>'s outcome), how many ticks up to <paramref name="lastTickNumber"/>
    /// went unrecorded, what was left in <paramref name="ready"/>, and what each task still waiting awaits.
    /// </summary>
    public void FinishRun(ReadyQueue ready, Task? main, long lastTickNumber)
    {
        if (IsFull) TicksLeftOut = Math.Max(0, lastTickNumber - (Ticks.Count > 0 ? Ticks[^1].Number : 0));
        Ended = main switch
        {
            { IsCompletedSuccessfully: true } => ("completed", null),
            { IsFaulted: true } => ("raised", main.Exception!.InnerExceptions is [var only] ? Describe(only) : Describe(main.Exception)),
            { IsCanceled: true } => ("raised", "TaskCanceledException: main was cancelled"),
            _ => ("raised", null), // the loop itself threw before main finished
        };
        var left = new List<TickCallback>();
        for (int i = 0; i < ready.Count && left.Count < MaxTimersListed; i++)
        {
            var item = UntimedPost.Unwrap(in ready.PeekAt(i), out _);
            left.Add(new TickCallback(IsContinuation(in item) ? $"a task's next step (woken by {item.Name ?? "a callback"})" : item.Name ?? "call_soon callback", QueueOrigin.Scheduled, cancelled: false));
        }
        LeftInQueue = left;
        foreach (var task in Tasks())
        {
            if (task.Finished || task.LastStep is not { Awaits: null, TaskFinished: false } last || last.SteppedTask != task) continue;
            last.Awaits = task.PendingAwait ?? "something still pending when main returned (the task was dropped)";
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    /// <summary>"1 s", "0.5 s": a delay as the labels write it.</summary>
    public static string Seconds(TimeSpan delay) =>
        delay.TotalSeconds.ToString(delay.TotalSeconds % 1 == 0 ? "0" : "0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>Where the next queue position of this tick came from: queued on the loop, posted from another thread, a due timer.</summary>
    private QueueOrigin NextOrigin()
    {
        int i = _queue.Count;
        return i < _scheduled ? QueueOrigin.Scheduled : i < _scheduled + _fromOtherThreads ? QueueOrigin.OtherThread : QueueOrigin.TimerDue;
    }

    private void OpenStep(LoopTask task, TimeSpan now, int threadId)
    {
        _enteredTasks.Add(task);
        if (task.SuspendedAt is { } since) Record("await", task.Name, since, now, SpanKind.Waiting, threadId);
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

    private void CloseStep(LoopTask task, TimeSpan now, int threadId)
    {
        task.Steps++;
        Record(StepName(task.Steps), task.Name, task.StepStart, now, SpanKind.Cpu, threadId);
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

    /// <summary>The rest of an async method (posted by .NET or by an awaited zero sleep), as opposed to a named callback.</summary>
    private static bool IsContinuation(in ReadyItem item) =>
        item.Callback is SendOrPostCallback || (item.Callback is Action && item.Id == 0) || ReferenceEquals(item.Callback, EventLoop.RunInContext);

    private void Record(string name, string lane, TimeSpan start, TimeSpan end, SpanKind kind, int threadId)
    {
        if (IsFull) return;
        if (++_spanCount > MaxSpans)
        {
            IsFull = true;
            return;
        }
        _spans.Add(name, lane, start, end < start ? start : end, kind, threadId);
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
}
