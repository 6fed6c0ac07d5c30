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
        // One worker can find a core free on a machine whose other core is busy (seen in CI beside two CPU hogs: one
        // worker took 1.10x the plan at 94 % of a core, two kept 1.10 cores busy). So the machine's own count of
        // runnable work over the last minute is read too: beyond the cores plus the kernel's own, no spare core.
        var load = OneMinuteLoad() ?? 0;
        Skip.If(load > cores + 0.5,
            $"The machine was busy (load average {load:F1} over the last minute on {cores} cores): speed-up not judged.");
        var peak = Lesson.Var<double>("peakParallelism");
        Assert.True(peak >= 1.2,
            $"On {cores} cores with a quiet machine (one worker took {slowdown:F2}× the plan, {share:P0} of a core), workers ≥ 2 never kept more than {peak:F2} cores busy.");
        // With the baseline undisturbed, speed-up ≤ ideal × 1.15 at most; 1.3 leaves room for timer noise.
        Assert.True(Lesson.Var<double>("maxSpeedUpOverIdeal") <= 1.3,
            $"Measured speed-up exceeded the ideal line by {Lesson.Var<double>("maxSpeedUpOverIdeal"):F2}×.");
    }

    [SkippableFact]
    public void Two_CPython_threads_never_keep_more_than_one_core_busy()
    {
        // The GIL, measured without any quiet-machine gate: the two-thread run's process CPU time over its wall
        // time is at most one core (only the GIL holder runs Python code; a waiting thread sleeps on a condition
        // variable, it does not spin). Load only lowers it. process_time() is exact to the nanosecond on Linux;
        // 0.15 covers ipykernel's own threads (heartbeat, I/O) and the pool's bookkeeping in those ~0.2 s.
        SkipUnlessPythonWithGil();
        var busy = Lesson.Var<double>("pyTwoThreadsCoresBusy");
        Assert.True(busy <= 1.15, $"Two CPython threads kept {busy:F2} cores busy: more than one thread ran Python code at once.");
        Assert.True(busy > 0, "The two-thread run recorded no CPU time at all: the measurement is broken.");
    }

    [SkippableFact]
    public void CPython_processes_speed_up_a_cpu_bound_job_and_threads_do_not()
    {
        SkipUnlessPythonWithGil();
        var slowdown = Lesson.Var<double>("pyOneWorkerSlowdown");
        var share = Lesson.Var<double>("pyOneThreadShareOfCore");
        // The same gate as .NET's speed-up claim: a speed-up needs a free core, which only a quiet machine has.
        // The job is calibrated (best of 5 trials) to take 0.2 s on one core; if the faster one-worker run of a
        // pool took > 1.15× that, or the one-worker thread run used < 90 % of a core, other programs were computing.
        Skip.If(Lesson.Var<int>("cores") < 2, "Only one core: there is no second core to speed up on.");
        Skip.If(slowdown > 1.15 || share < 0.9,
            $"The machine was busy during the Python measurement (one worker took {slowdown:F2}× the plan, {share:P0} of a core): speed-ups not judged.");
        var threads = Lesson.Var<double[]>("pyThreadSpeedUps")[1];
        var processes = Lesson.Var<double[]>("pyProcessSpeedUps")[1];
        // Threads: the GIL lets the two use one core between them. The gated baseline had ≥ 90 % of a core, so
        // two threads can be at most 1 / 0.9 ≈ 1.11× as fast (less, as handing the GIL over costs time): 1.15
        // adds timer noise on ~0.2 s runs (best of 2) and is far below the ≈ 2× a free second core gives.
        Assert.True(threads <= 1.15, $"Two CPython threads ran the job {threads:F2}× as fast as one: the GIL should keep them near 1×.");
        // Processes: with the gate holding, at most one other busy thread competes on 2 cores, so two workers get
        // at least 2 × 2/3 ≈ 1.33 cores; pickling 16 small ints and results costs well under 5 %: 1.2 holds,
        // and it is above the threads' ceiling of 1.15, so the process line ends above the thread line.
        Assert.True(processes >= 1.2, $"Two CPython processes ran the job only {processes:F2}× as fast as one on a quiet machine (threads: {threads:F2}×).");
    }

    [Fact]
    public void The_python_cell_ran_or_said_what_to_install()
    {
        // Where Python is connected the figures arrived; where it is not, the stand-in said so and C# went on.
        if (Lesson.Var<bool>("pythonConnected"))
            Assert.Equal(2, Lesson.Var<double[]>("pyThreadSpeedUps").Length);
        else
            Assert.Contains("Python cell not run", Lesson.Text);
    }

    private static void SkipUnlessPythonWithGil()
    {
        Skip.IfNot(Lesson.Var<bool>("pythonConnected"), "No Python kernel in this run: the Python claims are not judged.");
        Skip.IfNot(Lesson.Var<bool>("pyGilEnabled"), "This Python is a free-threaded build without the GIL: the GIL claims do not apply.");
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

    /// <summary>The 1-minute load average where /proc/loadavg exists (Linux); null elsewhere.</summary>
    private static double? OneMinuteLoad()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
