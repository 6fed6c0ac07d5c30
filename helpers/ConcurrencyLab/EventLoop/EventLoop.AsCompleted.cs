namespace ConcurrencyLab;

// asyncio.as_completed, on the loop: see CompletionOrder.
public sealed partial class EventLoop
{
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

    private static TTask[] RequireTasks<TTask>(IEnumerable<TTask> tasks) where TTask : Task
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var array = tasks.ToArray();
        if (Array.IndexOf(array, null) is var at and >= 0)
            throw new ArgumentException($"Task {at} of those passed to AsCompleted is null.", nameof(tasks));
        return array;
    }

    internal void RequireLoopThread(string what)
    {
        if (!IsLoopThread)
            throw new InvalidOperationException($"{what} on the loop's thread, inside Run (the loop is {(_running ? "running on another thread" : "not running")}).");
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
}
