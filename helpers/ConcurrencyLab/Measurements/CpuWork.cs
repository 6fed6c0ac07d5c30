using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// A fixed amount of pure computation (no allocation, no I/O, no locks), for measuring parallel speed-up.
/// Unlike <see cref="Timeline.Cpu"/>, which spins for a wall-clock duration, this does a fixed number of
/// operations: on a busy machine it takes longer, which is exactly what a speed-up measurement must see.
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
}
