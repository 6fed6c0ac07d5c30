using System.Runtime.InteropServices;

namespace ConcurrencyLab;

/// <summary>
/// CPU time used by the calling thread alone. The speed-up curve adds this up over the chunks of its job, so
/// "cores busy" counts the job's own threads only: a process-wide figure would also count the garbage
/// collector, the JIT and whatever else the notebook's process runs (in a test host, other notebooks' timers).
/// </summary>
internal static class ThreadCpuTime
{
    /// <summary>The calling thread's CPU time so far, or null where the operating system gives no per-thread figure.</summary>
    public static TimeSpan? Now()
    {
        try
        {
            if (OperatingSystem.IsLinux()) return FromClock(LinuxThreadCpuClock);
            if (OperatingSystem.IsMacOS()) return FromClock(MacThreadCpuClock);
            if (OperatingSystem.IsWindows() && GetThreadTimes(GetCurrentThread(), out _, out _, out var kernel, out var user))
                return TimeSpan.FromTicks(kernel + user); // FILETIME counts 100 ns, as TimeSpan ticks do
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // An unusual libc: fall back to the process-wide figure.
        }
        return null;
    }

    private const int LinuxThreadCpuClock = 3;  // CLOCK_THREAD_CPUTIME_ID on Linux
    private const int MacThreadCpuClock = 16;   // CLOCK_THREAD_CPUTIME_ID on macOS

    private static TimeSpan? FromClock(int clock) =>
        clock_gettime(clock, out var ts) == 0 ? TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100) : null;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code in the helpers.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    [DllImport("kernel32.dll")]
    private static extern IntPtr GetCurrentThread();

    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetThreadTimes(IntPtr thread, out long creation, out long exit, out long kernel, out long user);
}
