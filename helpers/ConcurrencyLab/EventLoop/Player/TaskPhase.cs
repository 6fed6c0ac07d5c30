namespace ConcurrencyLab;

/// <summary>Where a task stands during one tick, in asyncio's terms.</summary>
internal enum TaskPhase
{
    /// <summary>Created (<c>create_task</c>): its first step is in the ready queue for the next tick.</summary>
    Created,

    /// <summary>One of this tick's callbacks was a step of it: it was the current task while that ran.</summary>
    Running,

    /// <summary>Woken during this tick: its next step is in the ready queue and runs in the next tick.</summary>
    Ready,

    /// <summary>Suspended at an <c>await</c>, for what <see cref="TaskSnapshot.Detail"/> says.</summary>
    Waiting,

    /// <summary>Its body has returned (or thrown): <c>task.done()</c>.</summary>
    Done,
}
