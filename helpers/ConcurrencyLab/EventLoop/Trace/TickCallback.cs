namespace ConcurrencyLab;

/// <summary>
/// One entry of the ready queue at the start of a tick, in queue order, and what happened when it ran: the task it
/// stepped (asyncio's <c>current_task()</c> during that step), what that task then waited for, what it printed.
/// </summary>
internal sealed class TickCallback
{
    private List<string>? _printed;

    internal TickCallback(string? label, QueueOrigin origin, bool cancelled)
    {
        Label = label ?? "";
        Origin = origin;
        Cancelled = cancelled;
    }

    /// <summary>What ran: <c>step main</c> for a task's step, the callback's name, or the timer's (<c>sleep 1 s timer (main)</c>).</summary>
    public string Label { get; internal set; }

    /// <summary>How it got into the ready queue.</summary>
    public QueueOrigin Origin { get; }

    /// <summary>Cancelled after it was queued (<c>handle.cancel()</c>): skipped, as asyncio skips a cancelled handle.</summary>
    public bool Cancelled { get; }

    /// <summary>The task this callback stepped (the current task while it ran); null for a plain callback.</summary>
    public string? Task { get; internal set; }

    /// <summary>For a task's step: what woke the task for it (a timer, a finished task, a future, another thread); null for its first step.</summary>
    public string? WokenBy { get; internal set; }

    /// <summary>
    /// For a task's step that did not finish the task: what the task awaits next (<c>sleep 1 s, due at 1.000 s</c>,
    /// <c>task say_after(1, hello)</c>, <c>a future…</c>). Null for a plain callback or a finishing step.
    /// </summary>
    public string? Awaits { get; internal set; }

    /// <summary>The step ended the task (its body returned or threw).</summary>
    public bool TaskFinished { get; internal set; }

    /// <summary>
    /// Set when the callback reached a virtual loop from a thread the loop had not handed work to, so the clock could
    /// not wait for it: what that means, shown under the tick in <see cref="TickLog.ToText"/>. Null otherwise.
    /// </summary>
    public string? Note { get; internal init; }

    /// <summary>
    /// One of asyncio's own bookkeeping callbacks (<c>_run_until_complete_cb</c>, the self-pipe's <c>_read_from_self</c>),
    /// recorded from CPython's loop: shown as such, and a comparison names it rather than counting it as a difference.
    /// </summary>
    public bool Bookkeeping { get; internal init; }

    /// <summary>Lines written with <see cref="EventLoop.Print(string)"/> while it ran, in order.</summary>
    public IReadOnlyList<string> Printed => (IReadOnlyList<string>?)_printed ?? [];

    /// <summary>The task behind <see cref="Task"/> (names need not be unique).</summary>
    internal LoopTask? SteppedTask { get; set; }

    /// <summary>Lines printed as a recording read them (replaces any printed so far).</summary>
    internal void SetPrinted(List<string> lines) => _printed = lines.Count == 0 ? null : lines;

    internal void AddPrinted(string text) => (_printed ??= new List<string>(1)).Add(text);

    public override string ToString() => Cancelled ? $"{Label} (cancelled)" : Label;
}
