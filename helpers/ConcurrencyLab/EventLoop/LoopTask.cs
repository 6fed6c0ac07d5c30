namespace ConcurrencyLab;

/// <summary>What the loop knows about one of its tasks, for the trace and the player.</summary>
internal sealed class LoopTask(EventLoop loop, string name, long createdInTick)
{
    public EventLoop Loop { get; } = loop;
    public string Name { get; } = name;
    /// <summary>The tick that created it (0: before <c>Run</c>).</summary>
    public long CreatedInTick { get; } = createdInTick;
    /// <summary>"step main": the label of its steps on the loop lane, built once.</summary>
    public string StepLabel { get; } = "step " + name;
    public bool Finished;
    public TimeSpan? SuspendedAt;
    public TimeSpan StepStart;
    public int Steps;
    /// <summary>What it registered itself as awaiting during the current step (an awaited sleep), if anything.</summary>
    public string? PendingAwait;
    /// <summary>The queue entry of its latest step: where "awaits" is filled in once known.</summary>
    public TickCallback? LastStep;
}
