namespace ConcurrencyLab;

/// <summary>
/// The smallest single-threaded event loop: a <see cref="SynchronizationContext"/> whose posted callbacks all
/// run, in order, on the one thread that called <see cref="Run(Func{Task})"/>. Inside it every <c>await</c>
/// comes back to that thread, as every coroutine in asyncio runs on the loop's thread; so a blocking call in
/// one task stalls all the others. (<see cref="EventLoop"/> is the fuller loop, with timers and a virtual clock.)
/// </summary>
public sealed class SingleThreadContext : SynchronizationContext
{
    private readonly object _gate = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _ready = new();
    private bool _closed;

    private SingleThreadContext(int threadId) => ThreadId = threadId;

    /// <summary>The managed thread id of the loop's thread.</summary>
    public int ThreadId { get; }

    /// <summary>How many callbacks were run by the loop (a measure of how often tasks resumed on it).</summary>
    internal int CallbacksRun { get; private set; }

    /// <summary>
    /// Runs <paramref name="body"/> on the calling thread with this context installed, pumping posted
    /// continuations until the body's task completes, like <c>asyncio.run(main())</c>. Rethrows the body's
    /// exception. Continuations posted after the body finished (a task nobody awaited) run on the thread pool.
    /// </summary>
    public static void Run(Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Run(() =>
        {
            var task = body() ?? throw NullTask(nameof(body));
            return Completed(task);
        });

        static async Task<bool> Completed(Task task)
        {
            await task;
            return true;
        }
    }

    /// <inheritdoc cref="Run(Func{Task})"/>
    public static T Run<T>(Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var previous = Current;
        var context = new SingleThreadContext(Environment.CurrentManagedThreadId);
        SetSynchronizationContext(context);
        try
        {
            Task<T> task;
            try
            {
                task = body() ?? throw NullTask(nameof(body));
            }
            catch
            {
                context.Close();
                throw;
            }
            // Stop pumping once the body is done; the continuation is posted to the loop itself.
            task.ContinueWith(_ => context.Close(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            context.Pump();
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private static ArgumentException NullTask(string parameter) =>
        new("The body returned a null Task: return the task of an async method (async () => { ... }).", parameter);

    /// <summary>Queues the callback to run on the loop's thread (FIFO), or on the pool once the loop has ended.</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        lock (_gate)
        {
            if (!_closed)
            {
                _ready.Enqueue((d, state));
                Monitor.Pulse(_gate);
                return;
            }
        }
        // The loop is gone; dropping the callback would hang whoever awaits it, throwing would crash a timer thread.
        ThreadPool.QueueUserWorkItem(static s => s.d(s.state), (d, state), preferLocal: false);
    }

    /// <summary>Runs the callback on the loop's thread and waits for it.</summary>
    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (Environment.CurrentManagedThreadId == ThreadId)
        {
            d(state);
            return;
        }
        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        Post(_ =>
        {
            try { d(state); }
            catch (Exception e) { failure = e; }
            finally { done.Set(); }
        }, null);
        done.Wait();
        if (failure is not null) throw new AggregateException(failure);
    }

    /// <summary>The loop is one object: copies are the same loop.</summary>
    public override SynchronizationContext CreateCopy() => this;

    private void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Pump()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            lock (_gate)
            {
                while (_ready.Count == 0 && !_closed) Monitor.Wait(_gate);
                if (_ready.Count == 0) return; // closed and drained
                item = _ready.Dequeue();
            }
            CallbacksRun++;
            item.Callback(item.State);
        }
    }
}
