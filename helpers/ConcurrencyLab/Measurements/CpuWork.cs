using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// A fixed amount of pure computation (no allocation, no I/O, no locks), and how much faster a job of it gets with
/// more workers (<see cref="MeasureSpeedUp"/>). Unlike <see cref="Timeline.Cpu"/>, which spins for a wall-clock
/// duration, this does a fixed number of operations: on a busy machine it takes longer, which is exactly what a
/// speed-up measurement must see. There is no GIL in .NET: the speed-up climbs until it meets the core count.
/// </summary>
public static class CpuWork
{
    /// <summary>Runs <paramref name="iterations"/> rounds of an integer mix and returns the result.</summary>
    /// <remarks>The result is returned (and should be used) so the JIT cannot drop the loop as dead code.</remarks>
    public static ulong Run(long iterations)
    {
        if (iterations < 0)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "The number of iterations cannot be negative: pass 0 or more.");
        ulong x = 0x9E3779B97F4A7C15UL;
        for (long i = 0; i < iterations; i++)
        {
            // xorshift64: a dependent chain the CPU cannot skip or vectorise away.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }
        return x;
    }

    /// <summary>
    /// How many iterations of <see cref="Run"/> take about <paramref name="target"/> on one core of this
    /// machine, measured now (best of a few short trials, so a momentary hiccup does not inflate it).
    /// </summary>
    public static long IterationsFor(TimeSpan target)
    {
        if (target <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target duration must be positive, e.g. TimeSpan.FromMilliseconds(5).");
        const long probe = 1_000_000;
        Run(probe); // warm up: let the JIT finish with the loop before timing it
        double best = double.MaxValue;
        for (int trial = 0; trial < 5; trial++)
        {
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(Run(probe));
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        var perIteration = Math.Max(best, 1e-9) / probe;
        return Math.Max(1, (long)(target.TotalSeconds / perIteration));
    }

    /// <summary>
    /// Worker counts worth measuring on a machine with <paramref name="cores"/> logical processors: every count
    /// from 1 to 8, then a few steps up to max(4, 2 × cores) (capped at 64), always including the core count,
    /// so the curve shows both the climb and the flat part after it, on 2 cores as on 16.
    /// </summary>
    public static IReadOnlyList<int> WorkerCounts(int cores) => SpeedUpCurve.WorkerCounts(cores);

    /// <summary>
    /// Measures a speed-up curve: runs a job of about <paramref name="serialWork"/> of single-core CPU time, split
    /// into <paramref name="chunks"/> equal pieces, with <c>Parallel.For</c> at MaxDegreeOfParallelism = each of
    /// <paramref name="workerCounts"/>, once per count per repeat. Repeats are interleaved (1, 2, …, N, then 1, 2, …
    /// again) so a moment of load from elsewhere hits one trial of each count, not all of them; each point keeps its
    /// fastest trial. Where the system reports how long each thread waited for a core (Linux), a count up to the core
    /// count whose workers got less than 90 % of their cores in every trial so far is measured again, up to 8 more
    /// times: a core another program holds for a moment is not the job's speed-up.
    /// </summary>
    /// <returns>One point per worker count, fewest workers first; speed-up is relative to the first.</returns>
    public static IReadOnlyList<SpeedUpPoint> MeasureSpeedUp(IEnumerable<int> workerCounts, TimeSpan serialWork, int chunks = 96, int repeats = 3, int? cores = null) =>
        SpeedUpCurve.Measure(workerCounts, serialWork, chunks, repeats, cores);
}
