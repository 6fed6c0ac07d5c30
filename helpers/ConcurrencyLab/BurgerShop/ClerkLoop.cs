namespace ConcurrencyLab;

/// <summary>
/// An async clerk's own small event loop, in the image of asyncio's: one thread runs the clerk's async method
/// and every <c>await</c> in it resumes on that same thread, so his hand work always runs on his thread and
/// never waits for a free thread-pool thread. While a machine step is awaited the thread is free: it does hand
/// work or sleeps in the loop, and no thread is held by the machine.
/// </summary>
internal sealed class ClerkLoop : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _ready = new();
    private bool _done;

    /// <summary>Runs <paramref name="body"/> on the calling thread, pumping its continuations until it completes.</summary>
    public static void Run(Func<Task> body)
    {
        var loop = new ClerkLoop();
        var previous = Current;
        SetSynchronizationContext(loop);
        try
        {
            var task = body();
            task.ContinueWith(_ => loop.Stop(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            loop.Pump();
            task.GetAwaiter().GetResult(); // rethrows the clerk's failure, if any
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_ready)
        {
            if (!_done)
            {
                _ready.Enqueue((d, state));
                Monitor.Pulse(_ready);
                return;
            }
        }
        ThreadPool.QueueUserWorkItem(_ => d(state)); // the clerk went home: nothing left to resume on his thread
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("A clerk's loop only takes posted work.");

    public override SynchronizationContext CreateCopy() => this;

    private void Stop()
    {
        lock (_ready)
        {
            _done = true;
            Monitor.Pulse(_ready);
        }
    }

    private void Pump()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) next;
            lock (_ready)
            {
                while (_ready.Count == 0 && !_done) Monitor.Wait(_ready);
                if (_ready.Count == 0) return;
                next = _ready.Dequeue();
            }
            next.Callback(next.State);
        }
    }
}
