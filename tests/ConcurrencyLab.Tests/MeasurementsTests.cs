using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>The measurements (Measurements/) lessons 01 and 04 use: a fixed CPU job, the speed-up curve, thread cost.</summary>
public class MeasurementsTests
{
    [Fact]
    public void CpuWork_is_deterministic_so_every_worker_count_does_the_same_job()
    {
        Assert.Equal(CpuWork.Run(10_000), CpuWork.Run(10_000));
        Assert.NotEqual(CpuWork.Run(10_000), CpuWork.Run(10_001));
    }

    [Fact]
    public void CpuWork_rejects_a_negative_count_saying_what_to_pass()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CpuWork.Run(-1));
        Assert.Contains("0 or more", e.Message);
    }

    [Fact]
    public void IterationsFor_grows_with_the_target_duration()
    {
        var small = CpuWork.IterationsFor(TimeSpan.FromMilliseconds(1));
        var large = CpuWork.IterationsFor(TimeSpan.FromMilliseconds(20));
        Assert.True(small >= 1);
        // 20× the time should give ~20× the iterations; 2× leaves room for a machine slowed between the two
        // calibrations (each is the best of five trials).
        Assert.True(large >= 2 * small, $"1 ms → {small} iterations, 20 ms → {large}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void IterationsFor_rejects_a_non_positive_target(int ms)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CpuWork.IterationsFor(TimeSpan.FromMilliseconds(ms)));
        Assert.Contains("positive", e.Message);
    }

    [Theory]
    [InlineData(1, new[] { 1, 2, 3, 4 })]
    [InlineData(2, new[] { 1, 2, 3, 4 })]
    [InlineData(4, new[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    public void WorkerCounts_on_small_machines_are_every_count_up_to_max_of_4_and_twice_the_cores(int cores, int[] expected)
    {
        Assert.Equal(expected, CpuWork.WorkerCounts(cores));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(48)]
    [InlineData(200)]
    public void WorkerCounts_on_big_machines_stay_few_ascending_and_include_the_core_count(int cores)
    {
        var counts = CpuWork.WorkerCounts(cores);
        int max = Math.Min(64, 2 * cores);
        Assert.Equal(counts.Order().Distinct(), counts);
        Assert.Equal(Enumerable.Range(1, 8), counts.Take(8));
        Assert.Equal(max, counts[^1]);
        Assert.Contains(Math.Min(cores, max), counts);
        Assert.True(counts.Count <= 16, $"{counts.Count} worker counts would make the measurement slow");
    }

    [Fact]
    public void WorkerCounts_rejects_zero_cores()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CpuWork.WorkerCounts(0));
        Assert.Contains("ProcessorCount", e.Message);
    }

    [Fact]
    public void Measure_returns_one_point_per_worker_count_relative_to_the_first()
    {
        var points = CpuWork.MeasureSpeedUp([2, 1, 2], TimeSpan.FromMilliseconds(20), chunks: 8, repeats: 1, cores: 2);
        Assert.Equal([1, 2], points.Select(p => p.Workers));
        Assert.Equal(1.0, points[0].SpeedUp, 6);
        Assert.Equal([1.0, 2.0], points.Select(p => p.Ideal));
        Assert.All(points, p => Assert.True(p.Wall > TimeSpan.Zero && p.PeakParallelism >= p.Parallelism - 1e-9));
    }

    [Fact]
    public void Two_workers_are_both_ready_to_run_throughout_on_a_busy_machine_or_a_quiet_one()
    {
        // Ready workers count a thread waiting for a core as much as one computing, so load cannot lower it: two
        // workers that truly run side by side stay near 2. A serial job (one worker at a time) would be near 1;
        // 1.5 leaves room for the last chunks, when one worker may already be done, and for a worker woken late.
        var two = CpuWork.MeasureSpeedUp([2], TimeSpan.FromMilliseconds(300), chunks: 16, repeats: 3, cores: 2).Single();
        Assert.NotNull(two.WaitedForCore);
        Assert.True(two.ReadyWorkers >= 1.5,
            $"2 workers: {two.ReadyWorkers:F2} ready on average ({two.Cpu.TotalMilliseconds:F0} ms CPU, {two.WaitedForCore!.Value.TotalMilliseconds:F0} ms waiting for a core, {two.Wall.TotalMilliseconds:F0} ms wall)");
        Assert.InRange(two.ShareOfCore!.Value, 0.0, 1.0);
    }

    [Fact]
    public void Measuring_again_stops_after_eight_more_trials()
    {
        // Whatever else runs: at least the repeats asked for, at most 8 more; where no wait is reported, exactly.
        var point = CpuWork.MeasureSpeedUp([1], TimeSpan.FromMilliseconds(40), chunks: 4, repeats: 2, cores: 2).Single();
        Assert.InRange(point.Trials, 2, 2 + 8);
        if (point.ShareOfCore is null) Assert.Equal(2, point.Trials);
    }

    [Fact]
    public void Measure_caps_the_ideal_at_the_given_core_count()
    {
        var points = CpuWork.MeasureSpeedUp([1, 3], TimeSpan.FromMilliseconds(10), chunks: 6, repeats: 1, cores: 1);
        Assert.All(points, p => Assert.Equal(1.0, p.Ideal));
    }

    [Fact]
    public void Measure_rejects_bad_input_saying_what_to_change()
    {
        Assert.Contains("at least one worker count", Assert.Throws<ArgumentException>(() => CpuWork.MeasureSpeedUp([], TimeSpan.FromMilliseconds(1))).Message);
        Assert.Contains("at least one worker count", Assert.Throws<ArgumentException>(() => CpuWork.MeasureSpeedUp([0, 1], TimeSpan.FromMilliseconds(1))).Message);
        Assert.Contains("positive size", Assert.Throws<ArgumentOutOfRangeException>(() => CpuWork.MeasureSpeedUp([1], TimeSpan.Zero)).Message);
        Assert.Contains("at least one chunk", Assert.Throws<ArgumentOutOfRangeException>(() => CpuWork.MeasureSpeedUp([1], TimeSpan.FromMilliseconds(1), chunks: 0)).Message);
        Assert.Contains("at least once", Assert.Throws<ArgumentOutOfRangeException>(() => CpuWork.MeasureSpeedUp([1], TimeSpan.FromMilliseconds(1), repeats: 0)).Message);
    }

    [Fact]
    public async Task ThreadCost_starts_and_finishes_every_thread_and_every_task()
    {
        var threads = ThreadCost.Threads(50);
        var tasks = await ThreadCost.Tasks(50);
        Assert.Equal(("threads", 50), (threads.What, threads.Count));
        Assert.Equal(("tasks", 50), (tasks.What, tasks.Count));
        Assert.True(threads.Elapsed > TimeSpan.Zero && tasks.Elapsed > TimeSpan.Zero);
        // 50 suspended async methods each allocate their state machine on the heap.
        Assert.True(tasks.ManagedBytes >= 50 * 32, $"tasks allocated only {tasks.ManagedBytes} bytes");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public async Task ThreadCost_rejects_counts_out_of_range(int count)
    {
        Assert.Contains("between 1 and 100,000", Assert.Throws<ArgumentOutOfRangeException>(() => ThreadCost.Threads(count)).Message);
        Assert.Contains("between 1 and 100,000", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ThreadCost.Tasks(count))).Message);
    }

    [Fact]
    public void ThreadCost_per_item_figures_use_the_larger_memory_reading()
    {
        var m = new ThreadCost("threads", 4, TimeSpan.FromMilliseconds(2), WorkingSetBytes: 4096, ManagedBytes: 400);
        Assert.Equal(1024, m.BytesPerItem);
        Assert.Equal(500, m.MicrosecondsPerItem, 6);
        Assert.Equal(100, (m with { WorkingSetBytes = -8192 }).BytesPerItem);
    }
}
