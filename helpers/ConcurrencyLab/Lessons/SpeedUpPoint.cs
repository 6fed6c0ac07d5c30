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
public sealed record SpeedUpPoint(int Workers, TimeSpan Wall, TimeSpan Cpu, double SpeedUp, double Parallelism, double Ideal, double PeakParallelism);
