namespace ConcurrencyLab;

/// <summary>How a callback got into the ready queue (asyncio's <c>loop._ready</c>).</summary>
internal enum QueueOrigin
{
    /// <summary>Queued on the loop's thread during the previous tick (or before <c>Run</c>): <c>call_soon</c>, a task's next step, a task start.</summary>
    Scheduled,

    /// <summary>Posted from another thread (asyncio's <c>call_soon_threadsafe</c>): thread-pool work, a .NET timer, I/O, <c>to_thread</c> reporting back.</summary>
    OtherThread,

    /// <summary>A timer that fell due (<c>call_later</c>, <c>sleep</c>): moved from the timer heap at the start of the tick, behind the rest.</summary>
    TimerDue,
}
