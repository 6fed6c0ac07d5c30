using System.Runtime.CompilerServices;

namespace ConcurrencyLab;

// The asyncio-shaped surface: call_soon, call_later, sleep, create_task, create_future, to_thread, as_completed.
public sealed partial class EventLoop
{
    /// <summary>
    /// Like <c>loop.call_soon</c>: runs <paramref name="callback"/> in a later tick, after every callback already
    /// queued (FIFO). Thread-safe (it also plays <c>call_soon_threadsafe</c>). Before <c>Run</c>, it runs first thing.
    /// </summary>
    /// <param name="callback">What to run.</param>
    /// <param name="name">The label shown in the trace.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    public CallbackHandle CallSoon(Action callback, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        long id = Interlocked.Increment(ref _nextHandleId);
        Enqueue(new ReadyItem { Callback = callback, Id = id, Name = name }, keepIfStopped: true);
        return new CallbackHandle(this, id, null);
    }

    /// <summary>
    /// Like <c>loop.call_later</c>: <paramref name="callback"/> joins the ready queue at the start of the first tick
    /// at or after <c>Time + delay</c>, behind what is already ready. Timers due together fire in deadline order,
    /// ties in the order they were set. Call it on the loop's thread.
    /// </summary>
    public CallbackHandle CallLater(TimeSpan delay, Action callback, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new CallbackHandle(this, 0, AddTimer(delay, s_invokeAction, callback, name ?? "call_later callback"));
    }

    /// <summary>
    /// Like <c>asyncio.sleep</c>. <see cref="TimeSpan.Zero"/> yields exactly one tick (the awaiting task resumes in
    /// the next tick, behind what is already ready) and allocates nothing. A positive delay sets a timer; when it
    /// fires, the task is scheduled and resumes in the tick after, as in asyncio (timer, then the task's wake-up).
    /// The result is awaitable and converts to a <see cref="Task"/> (see <see cref="SleepAwaitable"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    public SleepAwaitable Sleep(TimeSpan delay)
    {
        RequireDelay(delay);
        // sleep(0): asyncio's bare yield puts the task's next step at the back of the ready queue; awaiting the
        // result does exactly that with the awaiting method's continuation (see PostYield), one tick later.
        if (delay == TimeSpan.Zero) return new SleepAwaitable(this, null, delay, TimeSpan.Zero);
        // sleep(d): the timer completes the task without inlining; the step is scheduled for the tick after.
        // No RunContinuationsAsynchronously (it would send Task.WhenAll over sleeps through the thread pool).
        var sleeper = new TaskCompletionSource();
        var timer = AddTimer(delay, _timerSetResult, sleeper, IsTracing ? LoopTrace.SleepTimerName(delay, _currentTask.Value) : null);
        return new SleepAwaitable(this, sleeper.Task, delay, TimeSpan.FromTicks(timer.WhenTicks));
    }

    /// <summary>A zero sleep awaited as a <see cref="Task"/>: a promise completed by a callback in the next tick.</summary>
    internal Task YieldAsTask()
    {
        var sleeper = new TaskCompletionSource();
        Schedule(s_setResult, sleeper, IsTracing ? "sleep(0) over" : null);
        return sleeper.Task;
    }

    /// <summary>
    /// The awaited zero sleep: the continuation itself joins the ready queue (no promise, no allocation), so the
    /// task's next step runs in the next tick. From another thread it goes through the inbox, like any post.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: full optimisation from the first call, not after tiering
    internal void PostYield(Action continuation, bool flowExecutionContext)
    {
        if (flowExecutionContext && ExecutionContext.Capture() is { } context)
        {
            Enqueue(new ReadyItem { Callback = RunInContext, State = (context, continuation), Name = IsTracing ? "sleep(0)" : null }, keepIfStopped: true);
            return;
        }
        Enqueue(new ReadyItem { Callback = continuation, Name = IsTracing ? "sleep(0)" : null }, keepIfStopped: true);
    }

    /// <summary>
    /// Like <c>asyncio.create_task</c>: schedules <paramref name="body"/> to start in a later tick (not inline) and
    /// returns its task at once. Awaiters of the task resume in the tick after its body finishes.
    /// </summary>
    /// <param name="body">The task's code, started in a later tick.</param>
    /// <param name="name">The task's lane in the trace (default "task N").</param>
    public Task CreateTask(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartTask(Adapt(body), name ?? $"task {Interlocked.Increment(ref _taskCounter)}");
    }

    /// <inheritdoc cref="CreateTask(Func{Task}, string?)"/>
    public Task<T> CreateTask<T>(Func<Task<T>> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StartTask(body, name ?? $"task {Interlocked.Increment(ref _taskCounter)}");
    }

    /// <summary>
    /// Like <c>loop.create_future()</c>: a promise completed by whoever calls <c>SetResult</c>. Its awaiters are
    /// scheduled on the loop (RunContinuationsAsynchronously), never run inside <c>SetResult</c>.
    /// </summary>
    public TaskCompletionSource<T> CreateFuture<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Like <c>asyncio.as_completed</c> (and <c>Task.WhenEach</c>): <c>await foreach (var done in loop.AsCompleted(tasks))</c>
    /// hands over each task as it finishes, in completion order; <c>await done</c> gives its result. Ticks as asyncio's
    /// does: when a task finishes, an <c>as_completed done-callback</c> runs in the next tick and the waiting task
    /// resumes in the tick after. Everything happens on the loop, so a virtual clock times it exactly
    /// (<c>Task.WhenEach</c> passes each task on through the thread pool, which a virtual clock cannot wait for).
    /// Iterate it on the loop's thread. A task listed twice is handed over twice.
    /// </summary>
    public IAsyncEnumerable<Task<T>> AsCompleted<T>(params IEnumerable<Task<T>> tasks) =>
        new CompletionOrder<Task<T>>(this, RequireTasks(tasks));

    /// <inheritdoc cref="AsCompleted{T}(IEnumerable{Task{T}})"/>
    public IAsyncEnumerable<Task> AsCompleted(params IEnumerable<Task> tasks) =>
        new CompletionOrder<Task>(this, RequireTasks(tasks));

    /// <summary>
    /// Like <c>asyncio.to_thread</c>: runs blocking <paramref name="work"/> on the thread pool; the awaiting task
    /// resumes on the loop. While it runs, a virtual loop does not move its clock (thread work takes no virtual time),
    /// and what the work posts to the loop meanwhile is timed with it. <c>Task.Run</c> is not: the loop cannot see it.
    /// </summary>
    public Task<T> ToThread<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var result = new TaskCompletionSource<T>();
        Interlocked.Increment(ref _outstanding);
        Task.Run(() =>
        {
            // While the work runs, what its thread posts to the loop is part of the hand-off: timed exactly.
            var outer = t_handOffFor;
            t_handOffFor = this;
            try { return work(); }
            finally { t_handOffFor = outer; }
        }).ContinueWith(done =>
        {
            // asyncio: the thread's future calls call_soon_threadsafe(_set_state); the waiting task wakes a tick later.
            Enqueue(new ReadyItem
            {
                Callback = (Action<object?>)(_ =>
                {
                    Interlocked.Decrement(ref _outstanding);
                    CompleteWithoutInlining(static s => Complete(s.result, s.done), (result, done));
                }),
                Name = LoopTrace.ToThreadDone,
            }, keepIfStopped: false, handedOff: true);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return result.Task;
    }

    /// <inheritdoc cref="ToThread{T}(Func{T})"/>
    public Task ToThread(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ToThread<VoidResult>(() => { work(); return default; });
    }

    private TimerEntry AddTimer(TimeSpan delay, Action<object?> callback, object? state, string? name)
    {
        RequireDelay(delay);
        if (_running && !IsLoopThread)
            throw new InvalidOperationException("CallLater and Sleep must be called on the loop's thread (asyncio's call_later is not thread-safe either). From another thread, use CallSoon, which is.");
        return _timers.Add(Time.Ticks + delay.Ticks, callback, state, name); // asyncio: call_at(self.time() + delay)
    }

    internal Task<T> StartTask<T>(Func<Task<T>> body, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A task name labels its lane in the trace: pass a non-empty name, or null for \"task N\".", nameof(name));
        // No RunContinuationsAsynchronously: see CompleteWithoutInlining (awaiters are scheduled anyway).
        var result = new TaskCompletionSource<T>();
        var task = new LoopTask(this, name, _tickNumber);
        _trace?.AddTask(task);
        Interlocked.Increment(ref _liveTasks);
        Schedule(TaskStart<T>.Run, new TaskStart<T>(this, task, body, result), IsTracing ? $"start {name}" : null);
        return result.Task;
    }

    private async Task DriveAsync<T>(LoopTask task, Func<Task<T>> body, TaskCompletionSource<T> result)
    {
        // Flows into every await of the body and into work it starts on other threads: names its steps in the
        // trace and tells a virtual loop when its code is running elsewhere (see PrepareTick).
        if (_trackTaskContexts) _currentTask.Value = task;
        Task<T>? running = null;
        try
        {
            running = body() ?? throw new InvalidOperationException($"The body of task '{task.Name}' returned null instead of a Task.");
            await running;
        }
        catch (Exception) when (running is not null)
        {
            // The body's task carries the outcome (result, exception or cancellation); copied below.
        }
        catch (Exception e)
        {
            running = Task.FromException<T>(e); // body() itself threw
        }
        task.Finished = true;
        Interlocked.Decrement(ref _liveTasks);
        // Done now (IsCompleted is true from this moment, as asyncio's task.done()), but the tasks awaiting it
        // are scheduled for the next tick rather than run inside this step.
        CompleteWithoutInlining(static s => Complete(s.result, s.running), (result, running));
    }

    /// <summary>
    /// Completes a promise while a different context is current, so every await on the loop sees "not my
    /// context" and posts its continuation to the loop's ready queue (asyncio: set_result schedules the
    /// done-callbacks with call_soon) instead of running it inside this call. Combinators such as
    /// Task.WhenAll still run inline, so they never hop to the thread pool.
    /// </summary>
    private void CompleteWithoutInlining<TState>(Action<TState> complete, TState state)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_completionContext);
        try { complete(state); }
        finally { SynchronizationContext.SetSynchronizationContext(previous); }
    }

    private static void Complete<T>(TaskCompletionSource<T> target, Task<T> source)
    {
        if (source.IsCanceled) target.TrySetCanceled();
        else if (source.IsFaulted) target.TrySetException(source.Exception!.InnerExceptions);
        else target.TrySetResult(source.Result);
    }

    private static Func<Task<VoidResult>> Adapt(Func<Task> body) => async () =>
    {
        await (body() ?? throw new InvalidOperationException("The body returned null instead of a Task."));
        return default;
    };

    private static TTask[] RequireTasks<TTask>(IEnumerable<TTask> tasks) where TTask : Task
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var array = tasks.ToArray();
        if (Array.IndexOf(array, null) is var at and >= 0)
            throw new ArgumentException($"Task {at} of those passed to AsCompleted is null.", nameof(tasks));
        return array;
    }

    /// <summary>
    /// Queues a task of a <see cref="LoopTaskScheduler"/> as a callback labelled <paramref name="label"/>. From the
    /// loop's thread it runs in the next tick; from another thread it goes through the inbox like any post.
    /// </summary>
    internal void ScheduleDoneCallback(LoopTaskScheduler scheduler, Task task, string label) =>
        Enqueue(new ReadyItem { Callback = s_runScheduledTask, State = (scheduler, task), Name = label }, keepIfStopped: false);

    private static readonly Action<object?> s_runScheduledTask = static state =>
    {
        var (scheduler, task) = ((LoopTaskScheduler, Task))state!;
        scheduler.Execute(task);
    };

    /// <summary>Completes <paramref name="promise"/> so that whoever awaits it on the loop resumes in the next tick.</summary>
    internal void CompleteOnLoop(TaskCompletionSource<bool> promise) =>
        CompleteWithoutInlining(static p => p.TrySetResult(true), promise);

    /// <summary>Called by an awaited <see cref="SleepAwaitable"/> while tracing: the current task now waits for this sleep.</summary>
    internal void NoteSleepAwaited(TimeSpan delay, TimeSpan due)
    {
        if (IsLoopThread && CurrentTaskOfThisLoop() is { } task) LoopTrace.NoteSleepAwaited(task, delay, due);
    }

    private static void RequireDelay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay cannot be negative: pass TimeSpan.Zero to yield one tick, or a positive delay.");
    }

    /// <summary>A zero sleep awaited through <c>OnCompleted</c> (not <c>await</c>): its continuation runs in the caller's context.</summary>
    internal static readonly Action<object?> RunInContext = static state =>
    {
        var (context, continuation) = ((ExecutionContext, Action))state!;
        ExecutionContext.Run(context, static c => ((Action)c!)(), continuation);
    };

    private sealed class TaskStart<T>(EventLoop loop, LoopTask task, Func<Task<T>> body, TaskCompletionSource<T> result)
    {
        public static readonly Action<object?> Run = static state =>
        {
            var start = (TaskStart<T>)state!;
            _ = start.Loop.DriveAsync(start.Task, start.Body, start.Result); // never faults: it catches everything
        };

        public EventLoop Loop => loop;
        public LoopTask Task => task;
        public Func<Task<T>> Body => body;
        public TaskCompletionSource<T> Result => result;
    }

    /// <summary>The result of a task that returns nothing.</summary>
    internal readonly struct VoidResult;
}
