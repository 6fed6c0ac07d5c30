namespace ConcurrencyLab;

/// <summary>One point of a speed-up curve: the same fixed amount of CPU work done by <see cref="Workers"/> workers.</summary>
/// <param name="Workers">Parallel.For's MaxDegreeOfParallelism.</param>
/// <param name="Wall">Wall-clock time of the best (fastest) trial.</param>
/// <param name="Cpu">CPU time the job's own threads used during that trial (user + kernel), summed over its
/// chunks; the whole process's CPU time where the operating system gives no per-thread figure.</param>
/// <param name="SpeedUp">Wall time with one worker divided by wall time with <see cref="Workers"/>.</param>
/// <param name="Parallelism">Cpu / Wall: how many cores were busy on average during the trial.</param>
/// <param name="Ideal">min(Workers, cores): the best speed-up this machine can give.</param>
/// <param name="PeakParallelism">The highest Cpu / Wall of any trial at this worker count (the trial the
/// rest of the machine disturbed least).</param>
public sealed record SpeedUpPoint(int Workers, TimeSpan Wall, TimeSpan Cpu, double SpeedUp, double Parallelism, double Ideal, double PeakParallelism)
{
    /// <summary>
    /// How long the job's threads were ready to run but waited for a core during the best trial, summed over its
    /// chunks; null where the operating system does not say (Linux does).
    /// </summary>
    public TimeSpan? WaitedForCore { get; init; }

    /// <summary>How many trials were timed at this worker count (the best one is the point): the repeats asked for,
    /// plus those run again because every trial so far had lost part of its cores to other programs.</summary>
    public int Trials { get; init; } = 1;

    /// <summary>
    /// Cpu / (Cpu + WaitedForCore): the share of a core each worker got while it was ready to run. 1 when every
    /// worker had a core to itself; ½ when each shared its core with one other busy thread. Other programs lower
    /// it; a job that is slow on its own (a lock, a serial section) does not, as a blocked thread does not wait
    /// for a core. Null where <see cref="WaitedForCore"/> is.
    /// </summary>
    public double? ShareOfCore => WaitedForCore is { } waited && Cpu + waited > TimeSpan.Zero ? Cpu / (Cpu + waited) : null;

    /// <summary>
    /// (Cpu + WaitedForCore) / Wall: how many of the job's threads were ready to run, on average, whether or not
    /// they got a core. Load cannot raise or lower it: n workers that truly run side by side keep it near n on a
    /// busy machine as on a quiet one. Null where <see cref="WaitedForCore"/> is.
    /// </summary>
    public double? ReadyWorkers => WaitedForCore is { } waited && Wall > TimeSpan.Zero ? (Cpu + waited) / Wall : null;
}
