namespace ConcurrencyLab;

/// <summary>
/// What <see cref="EventLoop.AsCompleted{T}(IEnumerable{Task{T}})"/> returns: the tasks in the order they finish,
/// handed over entirely on the loop, as asyncio's <c>as_completed</c> does it. Each task gets a done-callback
/// (<c>as_completed done-callback</c>) that joins the ready queue when the task completes and runs in the next tick;
/// it passes the task on and wakes the consumer, which resumes in the tick after. Nothing goes through the thread
/// pool, so a virtual clock sees every step (<c>Task.WhenEach</c> hops through the pool, where it cannot).
/// </summary>
/// <remarks>Each enumeration registers its own done-callbacks when it starts, on the loop's thread.</remarks>
internal sealed class CompletionOrder<TTask>(EventLoop loop, TTask[] tasks) : IAsyncEnumerable<TTask> where TTask : Task
{
    /// <summary>The label of the done-callbacks in the tick log (the one CPython's tick log gives asyncio's).</summary>
    public const string DoneCallback = "as_completed done-callback";

    public IAsyncEnumerator<TTask> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator(loop, tasks);

    private sealed class Enumerator(EventLoop loop, TTask[] tasks) : IAsyncEnumerator<TTask>
    {
        private static readonly Action<Task, object?> s_onCompletion = static (task, state) => ((Enumerator)state!).OnCompletion((TTask)task);

        private readonly Queue<TTask> _done = new(); // finished and passed on by their done-callback, not yet handed over
        private TaskCompletionSource<bool>? _waiting; // the consumer, suspended in MoveNextAsync
        private bool _registered;
        private int _handedOver;

        public TTask Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            loop.RequireLoopThread("Iterate AsCompleted");
            if (_waiting is not null)
                throw new InvalidOperationException("MoveNextAsync was called again before the previous call completed: await each call (await foreach does).");
            if (!_registered) Register();
            if (_handedOver == tasks.Length) return new ValueTask<bool>(false);
            if (_done.TryDequeue(out var next))
            {
                HandOver(next);
                return new ValueTask<bool>(true);
            }
            // Completed by a done-callback without inlining: the consumer's next step is scheduled, one tick later.
            _waiting = new TaskCompletionSource<bool>();
            return new ValueTask<bool>(_waiting.Task);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private void Register()
        {
            _registered = true;
            var scheduler = new LoopTaskScheduler(loop, DoneCallback);
            // The callbacks run as the loop's own, not as a step of the task that iterates: no ExecutionContext flows.
            if (ExecutionContext.IsFlowSuppressed())
            {
                RegisterWith(scheduler);
                return;
            }
            using (ExecutionContext.SuppressFlow()) RegisterWith(scheduler);
        }

        private void RegisterWith(LoopTaskScheduler scheduler)
        {
            foreach (var task in tasks)
                task.ContinueWith(s_onCompletion, this, CancellationToken.None, TaskContinuationOptions.None, scheduler);
        }

        private void OnCompletion(TTask task)
        {
            if (_waiting is not { } waiting)
            {
                _done.Enqueue(task);
                return;
            }
            _waiting = null;
            HandOver(task);
            loop.CompleteOnLoop(waiting);
        }

        private void HandOver(TTask task)
        {
            Current = task;
            _handedOver++;
        }
    }
}
