namespace ConcurrencyLab;

/// <summary>
/// Whether the thread pool moved while a virtual loop ran its ticks: the evidence that one of its tasks may have
/// queued work there (a <c>Task.Run</c>, a <c>ConfigureAwait(false)</c> hop inside <c>Task.WhenEach</c>) that has
/// not started yet, so the loop cannot see it and must not jump its clock past it.
/// </summary>
/// <remarks>
/// Such a work item carries its task's ExecutionContext, and the loop notices it the moment it starts; before
/// that, all the pool shows is a pending count. Waiting whenever anything at all is pending would make every
/// timer jump pay for other people's work (a kernel, a test runner, a web server share the pool). So the loop
/// waits only when a tick of its own ran while work was queued or completed: a run that never touches the pool
/// never waits, whatever else the process does.
/// </remarks>
internal sealed class ThreadPoolActivity(Func<long> pending, Func<long> completed)
{
    private long _pendingBefore;
    private long _completedBefore;

    /// <summary>The process's thread pool.</summary>
    public static ThreadPoolActivity OfThreadPool() =>
        new(static () => ThreadPool.PendingWorkItemCount, static () => ThreadPool.CompletedWorkItemCount);

    /// <summary>True once a tick ran while the pool gained pending work or finished some, until <see cref="Reset"/>.</summary>
    public bool SawActivity { get; private set; }

    /// <summary>Work items queued and not yet started, ours or anyone's.</summary>
    public long Pending => pending();

    public void BeforeTick()
    {
        if (SawActivity) return; // already decided until the next jump: no need to read the counters
        _pendingBefore = pending();
        _completedBefore = completed();
    }

    public void AfterTick()
    {
        if (SawActivity) return;
        if (pending() > _pendingBefore || completed() > _completedBefore) SawActivity = true;
    }

    /// <summary>After the clock jumped: the work seen so far has been waited for.</summary>
    public void Reset() => SawActivity = false;
}
