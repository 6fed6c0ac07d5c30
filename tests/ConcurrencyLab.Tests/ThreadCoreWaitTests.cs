using System.Diagnostics;

namespace ConcurrencyLab.Tests;

public class ThreadCoreWaitTests
{
    [Fact]
    public void Sleeping_is_not_waiting_for_a_core()
    {
        var start = ThreadCoreWait.Now();
        Assert.True(start.HasValue, "This test machine (Linux) gives each thread's run-queue delay.");
        var wall = Stopwatch.StartNew();
        Thread.Sleep(200);
        var waited = ThreadCoreWait.Now()!.Value - start.Value;
        var elapsed = wall.Elapsed;
        // Only the wake-up can wait for a core, and that wait comes after the 200 ms: the sleep plus the wait fit in
        // the wall time, however busy the machine (5 ms for the clocks and the reads around the sleep).
        Assert.True(TimeSpan.FromMilliseconds(200) + waited <= elapsed + TimeSpan.FromMilliseconds(5),
            $"a 200 ms sleep counted {waited.TotalMilliseconds:F0} ms of waiting for a core in {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Twice_as_many_computing_threads_as_cores_wait_about_as_long_as_they_compute()
    {
        // Each thread computes until it has had 100 ms of CPU. With 2 runnable threads per core each gets about half
        // of one, so it waits about as long as it runs; other programs only add to the wait. A third of the CPU time
        // leaves room for threads that start or end while others are not yet (or no longer) running.
        int count = 2 * Environment.ProcessorCount;
        var cpu = new TimeSpan[count];
        var waited = new TimeSpan[count];
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            var (cpu0, waited0) = (ThreadCpuTime.Now()!.Value, ThreadCoreWait.Now()!.Value);
            var cap = Stopwatch.StartNew();
            while (ThreadCpuTime.Now()!.Value - cpu0 < TimeSpan.FromMilliseconds(100) && cap.Elapsed < TimeSpan.FromSeconds(20)) { }
            (cpu[i], waited[i]) = (ThreadCpuTime.Now()!.Value - cpu0, ThreadCoreWait.Now()!.Value - waited0);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var (totalCpu, totalWaited) = (cpu.Sum(c => c.TotalMilliseconds), waited.Sum(w => w.TotalMilliseconds));
        Assert.True(totalWaited >= totalCpu / 3,
            $"{count} threads on {Environment.ProcessorCount} cores computed {totalCpu:F0} ms and waited for a core only {totalWaited:F0} ms");
    }
}
