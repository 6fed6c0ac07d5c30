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
        (Output ?? Console.Out).WriteLine(text);
    }

    /// <summary>The tick table with the printed lines under their ticks (see <see cref="TickLog.ToText"/>).</summary>
    public string TickTable(int maxRows = 200) => Ticks.ToText(maxRows, Printed);

    private void RunTickTraced(int ntodo)
    {
        var tickTime = Time;
        var ran = new List<string>(ntodo);
        for (int i = 0; i < ntodo; i++)
        {
            var item = _ready.Dequeue();
            if (item.Id != 0 && Volatile.Read(ref _cancelledIdCount) != 0 && IsReadyCancelled(item.Id)) continue;
            if (item.Callback is TimerEntry { IsCancelled: true }) continue;
            var start = Time;
            _enteredTasks.Clear();
            _inCallback = true;
            try { Invoke(in item); }
            finally { _inCallback = false; }
            var end = Time;
            string label = _enteredTasks.Count > 0
                ? "step " + string.Join(" + ", _enteredTasks.Select(t => t.Name).Distinct())
                : item.Name ?? (item.Callback is SendOrPostCallback ? "continuation" : "call_soon callback");
            ran.Add(label);
            Record(label, LoopLane, start, end, SpanKind.Cpu);
        }
        int timersPending = _timers.Count - Volatile.Read(ref _cancelledTimers);
        if (!TraceTruncated) Ticks.Add(new Tick(_tickNumber, tickTime, ntodo, timersPending, ran));
    }

    // The AsyncLocal holding the current task changes whenever .NET restores a task's ExecutionContext to run one
    // of its continuations, and back when the step ends: exactly the step boundaries.
    private void OnCurrentTaskChanged(AsyncLocalValueChangedArgs<LoopTask?> change)
    {
        if (Environment.CurrentManagedThreadId != _loopThreadId)
        {
            // Our tasks' code running on another thread (Task.Run, a ConfigureAwait(false) continuation inside
            // Task.WhenEach...): it may post back to the loop, so the virtual clock must wait for it.
            if (change.PreviousValue is { } gone && gone.Loop == this) Interlocked.Decrement(ref _foreignSteps);
            if (change.CurrentValue is { } came && came.Loop == this) Interlocked.Increment(ref _foreignSteps);
            return;
        }
        if (!_inCallback || !IsTracing) return;
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
    }

    private void CloseStep(LoopTask task, TimeSpan now)
    {
        task.Steps++;
        Record($"step {task.Steps}", task.Name, task.StepStart, now, SpanKind.Cpu);
        if (!task.Finished) task.SuspendedAt = now;
    }

    private void Record(string name, string lane, TimeSpan start, TimeSpan end, SpanKind kind)
    {
        if (TraceTruncated) return;
        if (++_spanCount > MaxTraceSpans)
        {
            TraceTruncated = true;
            return;
        }
        Trace.Add(name, lane, start, end < start ? start : end, kind, _loopThreadId);
    }

    private void ReportError(string? callbackName, Exception error)
    {
        lock (_errors) _errors.Add(error);
        Console.Error.WriteLine($"Exception in callback {callbackName ?? "(unnamed)"}: {error.GetType().Name}: {error.Message}");
    }

    private string ForTask() => _currentTask.Value is { } task ? $" ({task.Name})" : "";

    private static string Seconds(TimeSpan delay) =>
        delay.TotalSeconds.ToString(delay.TotalSeconds % 1 == 0 ? "0" : "0.###", CultureInfo.InvariantCulture) + " s";
}

/// <summary>What the loop knows about one of its tasks, for the trace.</summary>
internal sealed class LoopTask(EventLoop loop, string name)
{
    public EventLoop Loop { get; } = loop;
    public string Name { get; } = name;
    public bool Finished;
    public TimeSpan? SuspendedAt;
    public TimeSpan StepStart;
    public int Steps;
}
