using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

public class ThreadPoolProbeTests
{
    [Fact]
    public void Samples_in_time_order_until_stopped()
    {
        var timeline = new Timeline();
        var probe = ThreadPoolProbe.Start(timeline, TimeSpan.FromMilliseconds(5));
        SpinWait.SpinUntil(() => probe.Samples.Count >= 3, TimeSpan.FromSeconds(10));
        var samples = probe.Stop();
        Assert.True(samples.Count >= 3, $"expected at least 3 samples, got {samples.Count}");
        for (int i = 1; i < samples.Count; i++) Assert.True(samples[i].At >= samples[i - 1].At);
        Assert.All(samples, s => Assert.True(s.ThreadCount >= 0 && s.PendingWorkItems >= 0));
        // Stopped means stopped: no sample arrives afterwards, and stopping twice is harmless.
        var count = samples.Count;
        Thread.Sleep(30);
        Assert.Equal(count, probe.Stop().Count);
        probe.Dispose();
    }

    [Fact]
    public void Sees_queued_work_while_the_pool_is_busy()
    {
        var timeline = new Timeline();
        using var release = new ManualResetEventSlim();
        using var probe = ThreadPoolProbe.Start(timeline, TimeSpan.FromMilliseconds(2));
        // More blocked items than the pool has threads right now: some must wait in the queue.
        int items = ThreadPool.ThreadCount + 2 * Environment.ProcessorCount + 4;
        var started = new CountdownEvent(items);
        for (int i = 0; i < items; i++)
            ThreadPool.QueueUserWorkItem(_ => { release.Wait(); started.Signal(); });
        SpinWait.SpinUntil(() => probe.Samples.Any(s => s.PendingWorkItems > 0), TimeSpan.FromSeconds(10));
        release.Set();
        // Every item has left release.Wait() before the event is disposed.
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        Assert.Contains(probe.Stop(), s => s.PendingWorkItems > 0);
    }

    [Fact]
    public void Rejects_a_silly_interval_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ThreadPoolProbe.Start(new Timeline(), TimeSpan.Zero));
        Assert.Contains("Sample between", e.Message);
        Assert.Throws<ArgumentNullException>(() => ThreadPoolProbe.Start(null!, TimeSpan.FromMilliseconds(10)));
    }
}
