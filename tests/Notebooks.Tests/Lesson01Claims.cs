namespace Notebooks.Tests;

/// <summary>
/// What lesson 01 says, checked on the values its cells computed. Only ratios and orderings from the same run;
/// each margin says why a loaded 2-core machine cannot break it.
/// </summary>
public class Lesson01Claims
{
    private static NotebookRun Lesson => NotebookRuns.Get("01-concurrency-vs-parallelism.ipynb");
    private static NotebookRun Solution => NotebookRuns.Get("solutions/01-concurrency-vs-parallelism.ipynb");

    [Fact]
    public void Concurrent_on_one_thread_is_about_twice_as_fast_as_sequential()
    {
        // Expected ≈ 2.0 (9 × 120 ms vs ≈ 0.55 s). The CPU parts spin for wall-clock time, so load does not
        // stretch them; a late timer adds to both runs. 1.4 is far below 2.0, and no schedule of these steps
        // can beat sum / longest task = 1080 / 480 = 2.25, so 3.0 only catches a broken measurement.
        Assert.InRange(Lesson.Var<double>("sequentialOverConcurrent"), 1.4, 3.0);
        // Parallel threads each need a core for their CPU parts and wake from Thread.Sleep late when the machine
        // is overloaded: seen 1.47 at load average 37 on 2 cores (2.0 when quiet), hence a lower floor of 1.2.
        Assert.InRange(Lesson.Var<double>("sequentialOverParallel"), 1.2, 3.0);
    }

    [Fact]
    public void Concurrent_ran_every_cpu_step_on_one_thread_and_parallel_used_three()
    {
        // Deterministic: the single-threaded loop runs every continuation on its one thread.
        Assert.Equal(1, Lesson.Var<int>("concurrentCpuThreads"));
        Assert.Equal(3, Lesson.Var<int>("parallelThreads"));
    }

    [Fact]
    public void Interleaving_work_that_never_waits_saves_nothing()
    {
        // Load-independent form of the claim: on one thread the spans never overlap, so the interleaved meal
        // takes at least the sum of its steps (the same nine 40 ms steps as one dish after another).
        Assert.True(Lesson.Var<double>("interleavedOverItsWork") >= 0.99, "Interleaved steps overlapped on one thread?");
        // The ratio to the one-by-one run is ≈ 1.0 on a quiet machine; preemption between spins can add gaps
        // to either run when the machine is overloaded (seen ≈ 1.3 at load average 30 on 2 cores), so this
        // range only catches a broken loop.
        Assert.InRange(Lesson.Var<double>("interleavedOverSequentialFry"), 0.7, 2.0);
        // FIFO queue + Task.Yield after every step: dish 1, 2, 3, 1, 2, 3, ... = 8 switches (deterministic).
        Assert.Equal(8, Lesson.Var<int>("fryInterleavedSwitches"));
    }

    [Fact]
    public void The_speed_up_curve_never_rises_above_the_core_count()
    {
        // Cores busy = process CPU time / wall time cannot exceed the threads doing the work nor the cores,
        // whatever else the machine runs. Margin: Linux counts CPU time in 10 ms ticks (±20 ms per trial,
        // up to ~1 core on a 16-core machine where a trial lasts ~20 ms) plus the runtime's own threads.
        foreach (var p in Curve())
            Assert.True(p.Parallelism <= p.Ideal * 1.15 + 0.35,
                $"{p.Workers} workers kept {p.Parallelism:F2} cores busy, more than min(workers, cores) = {p.Ideal}.");
    }

    [Fact]
    public void More_workers_spread_the_same_cpu_time_instead_of_adding_to_it()
    {
        // No GIL and no lock: the job's CPU time does not grow with the worker count (a GIL-like lock would
        // add spinning/handoff time per worker). Wide range: CPU accounting on a loaded VM varies ±30 %.
        Assert.InRange(Lesson.Var<double>("cpuAtMostOverOne"), 0.5, 2.0);
    }

    [SkippableFact]
    public void Two_workers_beat_one_when_the_machine_has_a_spare_core()
    {
        var cores = Lesson.Var<int>("cores");
        var slowdown = Lesson.Var<double>("oneWorkerSlowdown");
        var share = Lesson.Var<double>("oneWorkerShareOfCore");
        // Parallel speed-up needs free cores, which only a quiet machine has, so this bound is asserted only when
        // the run itself shows one. The job is calibrated (best of 5 tiny trials) to take 0.3 s on one core: if
        // the fastest one-worker trial took > 1.15× that, or used < 90 % of a core, other programs were computing.
        // (Seen here during parallel builds, load average 37 on 2 cores: one worker took 1.6× the plan and two
        // workers kept only 1.04 cores busy; the gate skips such a run.) When the gate holds, at most one other
        // busy thread competes on a 2-core machine; even then two workers get 2 × 2/3 ≈ 1.33 cores, so 1.2 holds
        // (best of 3 interleaved trials per worker count).
        // A run on a busy machine says nothing about speed-up: it is reported as skipped, never as passed.
        Skip.If(cores < 2, $"Only {cores} core: there is no second core to speed up on.");
        Skip.If(slowdown > 1.15 || share < 0.9,
            $"The machine was busy during the measurement (one worker took {slowdown:F2}× the plan, {share:P0} of a core): speed-up not judged.");
        var peak = Lesson.Var<double>("peakParallelism");
        Assert.True(peak >= 1.2,
            $"On {cores} cores with a quiet machine (one worker took {slowdown:F2}× the plan, {share:P0} of a core), workers ≥ 2 never kept more than {peak:F2} cores busy.");
        // With the baseline undisturbed, speed-up ≤ ideal × 1.15 at most; 1.3 leaves room for timer noise.
        Assert.True(Lesson.Var<double>("maxSpeedUpOverIdeal") <= 1.3,
            $"Measured speed-up exceeded the ideal line by {Lesson.Var<double>("maxSpeedUpOverIdeal"):F2}×.");
    }

    [Fact]
    public void A_waiting_thread_costs_far_more_than_a_waiting_task()
    {
        // Measured here: threads ≈ 300-1900× the time and 20-100× the memory. 3× and 5× leave an order of
        // magnitude of room for load (which slows both) and for GC noise in the working set.
        Assert.True(Lesson.Var<double>("threadsOverTasksTime") >= 3, $"threads/tasks time ratio {Lesson.Var<double>("threadsOverTasksTime"):F1}");
        Assert.True(Lesson.Var<double>("threadsOverTasksMemory") >= 5, $"threads/tasks memory ratio {Lesson.Var<double>("threadsOverTasksMemory"):F1}");
    }

    [Fact]
    public void Ten_thousand_concurrent_waits_take_nowhere_near_ten_thousand_times_one()
    {
        // Exercise 1.3's measurement: the prose says the line stays close to 0.1 s. A ratio in one run.
        var seconds = Lesson.Var<List<double>>("waitSeconds");
        Assert.Equal(5, seconds.Count);
        Assert.True(seconds[^1] / seconds[0] <= 5, $"10,000 waits took {seconds[^1]:F3} s, one took {seconds[0]:F3} s.");
    }

    [Fact]
    public void The_exercise_checks_say_not_yet_as_committed_and_done_when_solved()
    {
        Assert.False(Lesson.Var<bool>("exercise11Passed"), "The committed TODO (one download after another) should not pass.");
        Assert.False(Lesson.Var<bool>("exercise12Passed"), "The committed TODO (a plain for loop) should not pass.");
        Assert.False(Lesson.Var<bool>("exercise13Passed"), "The committed TODO (no chart yet) should not pass.");
        Assert.True(Solution.Var<bool>("exercise11Passed"), Solution.Describe());
        Assert.True(Solution.Var<bool>("exercise12Passed"), Solution.Describe());
        Assert.True(Solution.Var<bool>("exercise13Passed"), Solution.Describe());
    }

    private sealed record Point(int Workers, double Parallelism, double Ideal);

    // The helpers' points, read from the kernel as JSON.
    private static IReadOnlyList<Point> Curve()
    {
        var curve = Lesson.Var<List<Point>>("curve");
        Assert.NotEmpty(curve);
        return curve;
    }
}
