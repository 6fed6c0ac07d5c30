namespace ConcurrencyLab;

/// <summary>
/// One step of a <see cref="LoopPlayer"/>: a tick of the run with everything the player shows for it: the ready
/// queue as the tick began (all of which runs in it), what joined the queue while it ran (and so waits for the
/// next tick), the timer heap, and every task's state.
/// </summary>
internal sealed record PlayerFrame(Tick Tick, IReadOnlyList<TickCallback> JoinedQueue, IReadOnlyList<TaskSnapshot> Tasks)
{
    /// <summary>The tasks that ran a step in this tick (asyncio's <c>current_task()</c>, one after another).</summary>
    public IEnumerable<string> CurrentTasks => Tick.Queue.Where(c => c.Task is not null).Select(c => c.Task!).Distinct();

    /// <summary>Every line printed in this tick, in order.</summary>
    public IEnumerable<string> Printed => Tick.Queue.SelectMany(c => c.Printed);

    /// <summary>True for the last frame of the run: <see cref="JoinedQueue"/> then lists what was left when the loop stopped.</summary>
    public bool IsLast { get; init; }
}
