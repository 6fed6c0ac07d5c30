using System.Globalization;

namespace ConcurrencyLab;

/// <summary>
/// How long the calling thread has been ready to run but waiting for a core: Linux's run-queue delay, from
/// /proc/thread-self/schedstat. A thread asleep (on a lock, a timer, I/O) is not waiting for a core, so only
/// more runnable threads than cores (other programs, or the job's own extra workers) add to it. Beside
/// <see cref="ThreadCpuTime"/> it tells a busy machine from a slow job, measured in the run itself.
/// </summary>
internal static class ThreadCoreWait
{
    private const string SchedStat = "/proc/thread-self/schedstat";

    /// <summary>The calling thread's run-queue delay so far, or null where the operating system gives none.</summary>
    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            // "<ns on a core> <ns waiting on a run queue> <timeslices>"
            var fields = File.ReadAllText(SchedStat).Split(' ');
            return fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ns)
                ? TimeSpan.FromTicks(ns / 100)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a kernel built without schedstats, or /proc not mounted
        }
    }
}
