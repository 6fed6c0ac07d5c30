using System.Globalization;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The machine's CPU pressure (Linux PSI, /proc/pressure/cpu, line "some"): the total time during which at least one
/// runnable task waited for a core. Read before and after a real-time run, it says how long other work held the
/// cores during that run. A program that is slow on its own (a step that sleeps too long) does not add to it.
/// </summary>
internal static class CpuPressure
{
    /// <summary>The running total so far, or null where the kernel gives none.</summary>
    public static TimeSpan? Stalled()
    {
        try
        {
            var some = File.ReadLines("/proc/pressure/cpu").FirstOrDefault(l => l.StartsWith("some ", StringComparison.Ordinal));
            var total = some?.Split(' ').FirstOrDefault(f => f.StartsWith("total=", StringComparison.Ordinal));
            return total is not null && long.TryParse(total["total=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var us)
                ? TimeSpan.FromTicks(us * 10)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // not Linux, or a kernel without PSI
        }
    }
}
