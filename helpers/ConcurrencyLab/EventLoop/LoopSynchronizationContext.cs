namespace ConcurrencyLab;

/// <summary>
/// Installed on the loop thread while <see cref="EventLoop.Run(Func{Task})"/> runs. Every <c>await</c> there
/// captures it, so when the awaited operation completes (on a timer thread, the thread pool, the loop itself),
/// .NET calls <see cref="Post"/> and the rest of the method is queued on the loop instead of running elsewhere.
/// This is the whole trick that turns a thread into an event loop.
/// </summary>
internal sealed class LoopSynchronizationContext(EventLoop loop) : SynchronizationContext
{
    public EventLoop Loop { get; } = loop;

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        Loop.PostContinuation(d, state);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (Loop.IsLoopThread)
        {
            d(state);
            return;
        }
        // From another thread: queue it and wait until the loop has run it.
        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Loop.PostContinuation(_ =>
        {
            try { d(state); }
            catch (Exception e) { error = e; }
            finally { done.Set(); }
        }, null);
        done.Wait();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    // One loop, one context: copies would break the identity check that lets continuations run inline.
    public override SynchronizationContext CreateCopy() => this;
}
