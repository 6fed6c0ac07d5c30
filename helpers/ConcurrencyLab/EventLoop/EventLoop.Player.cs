namespace ConcurrencyLab;

// The player: the trace of a run, tick by tick, as a step-through view.
public sealed partial class EventLoop
{
    /// <summary>
    /// A step-through player of what this loop ran (see <see cref="LoopPlayer"/>): display it in a notebook, or
    /// print <c>ToText()</c>. Built from the trace, so the loop must be tracing (the default).
    /// </summary>
    /// <param name="title">The heading (default: the trace's title).</param>
    public LoopPlayer ToPlayer(string? title = null)
    {
        if (!IsTracing)
            throw new InvalidOperationException("This loop was created with trace: false, so it recorded nothing to play. Create it with EventLoop.Virtual() or EventLoop.RealTime() (tracing is on by default) and run it again.");
        if (_running && !IsLoopThread)
            throw new InvalidOperationException("The loop is still running on another thread: build the player once Run has returned.");
        LoopTask[] tasks;
        lock (_tasks) tasks = _tasks.ToArray();
        var frames = new PlayerFrames(Ticks.ToArray(), tasks, LeftInQueue);
        return new LoopPlayer(title ?? Trace.Title ?? "event loop", IsVirtual, TraceTruncated, frames);
    }
}
