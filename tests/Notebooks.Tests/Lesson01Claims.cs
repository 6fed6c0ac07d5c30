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
        // is overloaded, so the ratio (2.0 when quiet) falls well below the concurrent run's floor; 1.2 still
        // fails a run whose three threads took turns.
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
        // to either run when the machine is overloaded, so this range only catches a broken loop.
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
    public void Two_workers_run_side_by_side_busy_machine_or_not()
    {
        // Each chunk timed how long its thread computed and how long it waited for a core; their sum over the wall
        // time is how many workers were ready to run on average. A worker waiting for a core counts as much as one
        // computing, so load cannot lower it: two workers that run side by side keep it near 2, a serial job near 1.
        // 1.5 leaves room for the last chunks, when one worker may already be done.
        SkipUnlessTwoCoresAndRunQueueFigures(Lesson.Var<int>("cores"), Lesson.Var<double>("twoWorkersReady"));
        var ready = Lesson.Var<double>("twoWorkersReady");
        Assert.True(ready >= 1.5, $"Two Parallel.For workers were ready to run only {ready:F2} on average: they took turns instead of running side by side.");
    }

    [SkippableFact]
    public void Two_workers_beat_one_when_the_machine_has_a_spare_core()
    {
        var cores = Lesson.Var<int>("cores");
        var (one, two) = (Lesson.Var<double>("oneWorkerShareOfCore"), Lesson.Var<double>("twoWorkersShareOfCore"));
        SkipUnlessTwoCoresAndRunQueueFigures(cores, two);
        var speedUp = Lesson.Var<double>("twoWorkersSpeedUp");
        var overIdeal = Lesson.Var<double>("maxSpeedUpOverIdeal");
        var figures = $"one worker got {one:P0} of a core while ready, each of two {two:P0}; 2 workers {speedUp:F2}× as fast as one, " +
                      $"ready to run {Lesson.Var<double>("twoWorkersReady"):F2} on average; speed-up / ideal at most {overIdeal:F2}";
        // A speed-up needs a free core. Whether the workers had one is measured in the same trials: the share of a
        // core each got while ready (other programs lower it; a slow or serial job does not, as a thread blocked on
        // a lock waits for the lock, not for a core). Below these shares the claim is not judged, with its figures.
        Skip.If(two < 0.85 || one < 0.9, $"Not judged: other programs held the cores during the measurement ({figures}).");
        // Two workers ready ≥ 1.5 on average (asserted above, whatever the load) with ≥ 85 % of a core each give
        // ≥ 1.27 cores against the one worker's ≤ 1: 1.2 holds unless the two do more work than one (a lock they
        // spin on, say), which is the failure this catches.
        Assert.True(speedUp >= 1.2, $"On {cores} cores with a core for each worker, two workers were not faster than one ({figures}).");
        // With the one-worker baseline at ≥ 90 % of a core, a speed-up exceeds the ideal line by 1/0.9 at most;
        // 1.3 leaves room for timer noise.
        Assert.True(overIdeal <= 1.3, $"Measured speed-up exceeded the ideal line by {overIdeal:F2}× ({figures}).");
    }

    private static void SkipUnlessTwoCoresAndRunQueueFigures(int cores, double measured)
    {
        Skip.If(cores < 2, $"Only {cores} core: there is no second core to run on.");
        Skip.If(measured < 0, "This system gives no per-thread run-queue delay (Linux does): the workers' share of a core was not measured.");
    }

    [SkippableFact]
    public void Two_CPython_threads_never_keep_more_than_one_core_busy()
    {
        // The GIL, measured without any quiet-machine gate: the two worker threads' CPU time (each chunk's
        // thread_time) over the run's wall time is at most one core (only the GIL holder runs Python code; a waiting
        // thread sleeps on a condition variable, it does not spin). Load only lowers it. 0.15 covers the clocks'
        // resolution and the GIL's hand-overs in those ~0.2 s.
        SkipUnlessPythonWithGil();
        var busy = Lesson.Var<double>("pyTwoThreadsCoresBusy");
        Assert.True(busy <= 1.15, $"Two CPython threads kept {busy:F2} cores busy: more than one thread ran Python code at once.");
        Assert.True(busy > 0, "The two-thread run recorded no CPU time at all: the measurement is broken.");
    }

    [SkippableFact]
    public void Two_CPython_processes_run_side_by_side_busy_machine_or_not()
    {
        // Each chunk reported its worker's CPU time and its wait for a core: over the run's wall time, how many
        // workers were ready to run on average. Load cannot lower it (a process waiting for a core counts); a pool
        // whose workers took turns, or whose chunks waited on the parent's feeding, would be near 1.
        SkipUnlessPythonWithGil();
        SkipUnlessTwoCoresAndRunQueueFigures(Lesson.Var<int>("cores"), Lesson.Var<double>("pyTwoProcessesReady"));
        var ready = Lesson.Var<double>("pyTwoProcessesReady");
        Assert.True(ready >= 1.5, $"Two CPython worker processes were ready to run only {ready:F2} on average: they took turns instead of running side by side.");
    }

    [SkippableFact]
    public void CPython_processes_speed_up_a_cpu_bound_job()
    {
        SkipUnlessPythonWithGil();
        var share = Lesson.Var<double>("pyTwoProcessesShareOfCore");
        SkipUnlessTwoCoresAndRunQueueFigures(Lesson.Var<int>("cores"), share);
        var processes = Lesson.Var<double[]>("pyProcessSpeedUps")[1];
        var cpuOverOne = Lesson.Var<double>("pyTwoProcessesCpuOverOne");
        var figures = $"each of two processes got {share:P0} of a core while ready, {Lesson.Var<double>("pyTwoProcessesReady"):F2} were ready on average, " +
                      $"and needed {cpuOverOne:F2}× the CPU time of one for the same chunks; " +
                      $"2 processes {processes:F2}× as fast as one, 2 threads {Lesson.Var<double[]>("pyThreadSpeedUps")[1]:F2}×";
        // A speed-up needs a free core, measured in the run itself: the share of a core each worker process got while
        // ready (the two-worker trial's own figure: a one-worker figure says nothing of the other trial). With ≥ 1.5 ready (asserted whatever the load) at ≥ 85 % of a core each, the two
        // got ≥ 1.27 cores against one worker's ≤ 1; pickling 16 small ints and results costs well under 5 %.
        Skip.If(share < 0.85, $"Not judged: other programs held the cores during the two-process run ({figures}).");
        // The same chunks cost the same CPU time on one worker or two unless the two logical processors slow each
        // other (hyperthreads of one physical core, or a host busy elsewhere); then no pool can reach 2×. Workers that
        // took turns need no more CPU than one, so this gate stays shut for the bug the claim is about.
        Skip.If(cpuOverOne > 1.25, $"Not judged: the two cores slowed each other during the two-process run ({figures}).");
        Assert.True(processes >= 1.2, $"Two CPython processes were not faster than one with a core each ({figures}).");
    }

    [SkippableFact]
    public void CPython_threads_do_not_speed_up_a_cpu_bound_job()
    {
        SkipUnlessPythonWithGil();
        var share = Lesson.Var<double>("pyOneThreadShareOfCore");
        SkipUnlessTwoCoresAndRunQueueFigures(Lesson.Var<int>("cores"), share);
        var threads = Lesson.Var<double[]>("pyThreadSpeedUps")[1];
        var figures = $"one thread got {share:P0} of a core while ready; 2 threads {threads:F2}× as fast as one";
        // Only a one-thread run slowed by other programs could make two threads look faster: it is judged when that
        // run had ≥ 90 % of a core, so two threads (one core between them under the GIL) are at most 1 / 0.9 ≈ 1.11×
        // as fast, plus the noise of ~0.2 s runs whose GIL the kernel's own threads also take now and then (up to about
        // 1.2× with the one thread at 99 % of a core). 1.3 is still far below the ≈ 2× of a GIL-free pair.
        Skip.If(share < 0.9, $"Not judged: other programs held the cores during the one-thread run ({figures}).");
        // Two more ways the one-thread run can be slow on its own, each measured in the run and neither caused by a
        // missing GIL (which leaves both figures at 1): the kernel's own threads held the GIL for part of it (its thread
        // was busy for less of its wall time), or the machine ran slower meanwhile (the same chunks cost it more CPU time).
        var oneBusy = Lesson.Var<double>("pyOneThreadCoresBusy");
        var cpuOneOverTwo = Lesson.Var<double>("pyThreadsCpuOneOverTwo");
        figures += $"; the one thread was busy {oneBusy:P0} of its wall time, and its chunks cost {cpuOneOverTwo:F2}× the CPU time of two threads'";
        Skip.If(oneBusy < 0.85, $"Not judged: the kernel's own threads held the GIL during the one-thread run ({figures}).");
        Skip.If(cpuOneOverTwo > 1.15, $"Not judged: the machine ran slower during the one-thread run ({figures}).");
        Assert.True(threads <= 1.3, $"Two CPython threads ran the job {threads:F2}× as fast as one: the GIL should keep them near 1× ({figures}).");
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
        // magnitude of room for load (which slows both) and for GC noise in the working set. Judged on the solution's
        // run, where the cell (the same as the lesson's) runs once in a fresh kernel: the lesson's run runs each cell
        // twice, and a second run in the same process has shown a working-set growth of only 1.5× a task's.
        Assert.True(Solution.Var<double>("threadsOverTasksTime") >= 3, $"threads/tasks time ratio {Solution.Var<double>("threadsOverTasksTime"):F1}");
        Assert.True(Solution.Var<double>("threadsOverTasksMemory") >= 5, $"threads/tasks memory ratio {Solution.Var<double>("threadsOverTasksMemory"):F1}");
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
