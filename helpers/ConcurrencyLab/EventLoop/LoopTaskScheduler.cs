namespace ConcurrencyLab;

/// <summary>
/// A <see cref="TaskScheduler"/> whose every task is a callback in the loop's ready queue, under one label: a
/// continuation registered with it (<c>ContinueWith(…, scheduler)</c>) joins the queue the moment its antecedent
/// completes, on whatever thread that happens, and never runs inline or on the thread pool. That is asyncio's
/// done-callback (<c>future.add_done_callback</c>: scheduled with <c>call_soon</c> when the future completes).
/// </summary>
internal sealed class LoopTaskScheduler(EventLoop loop, string label) : TaskScheduler
{
    protected override void QueueTask(Task task) => loop.ScheduleDoneCallback(this, task, label);

    // Never inline: a done-callback runs in the tick after its future completed, as in asyncio.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task>? GetScheduledTasks() => null;

    /// <summary>Runs a task this scheduler queued (called by the loop, from the ready queue).</summary>
    internal void Execute(Task task) => TryExecuteTask(task);
}
