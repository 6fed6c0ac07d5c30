using System.Diagnostics;

namespace ConcurrencyLab.Tests;

public class ThreadCpuTimeTests
{
    [Fact]
    public void Computing_advances_the_threads_cpu_time()
    {
        var start = ThreadCpuTime.Now();
        Assert.True(start.HasValue, "This test machine (Linux) gives per-thread CPU time.");
        // Spin until the thread itself has used 30 ms of CPU; a wall-clock cap keeps a broken clock from hanging.
        var wall = Stopwatch.StartNew();
        while (ThreadCpuTime.Now()!.Value - start!.Value < TimeSpan.FromMilliseconds(30) && wall.Elapsed < TimeSpan.FromSeconds(20)) { }
        Assert.True(ThreadCpuTime.Now()!.Value - start.Value >= TimeSpan.FromMilliseconds(30),
            $"30 ms of CPU were never counted in {wall.Elapsed.TotalSeconds:F1} s of spinning.");
    }

    [Fact]
    public void Sleeping_does_not()
    {
        var start = ThreadCpuTime.Now()!.Value;
        Thread.Sleep(200);
        // A sleeping thread uses next to no CPU; 50 ms leaves room for wake-ups on a loaded machine.
        Assert.True(ThreadCpuTime.Now()!.Value - start < TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Other_threads_work_is_not_counted()
    {
        var start = ThreadCpuTime.Now()!.Value;
        var busy = new Thread(() => { var w = Stopwatch.StartNew(); while (w.ElapsedMilliseconds < 200) { } });
        busy.Start();
        busy.Join();
        Assert.True(ThreadCpuTime.Now()!.Value - start < TimeSpan.FromMilliseconds(50),
            "Another thread's 200 ms of spinning showed up in this thread's CPU time.");
    }
}
