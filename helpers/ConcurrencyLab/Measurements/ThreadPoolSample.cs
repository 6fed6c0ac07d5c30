namespace ConcurrencyLab;

/// <summary>One reading of the thread pool: when, how many threads it had, how much work was queued.</summary>
/// <param name="At">Time on the probe's timeline (so samples line up with the Gantt chart of the same run).</param>
/// <param name="ThreadCount"><see cref="ThreadPool.ThreadCount"/>: pool threads alive at that moment.</param>
/// <param name="PendingWorkItems"><see cref="ThreadPool.PendingWorkItemCount"/>: work queued, not yet started.</param>
public sealed record ThreadPoolSample(TimeSpan At, int ThreadCount, long PendingWorkItems);
