using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// How a speed-up curve of <see cref="CpuWork"/> is measured (<see cref="CpuWork.MeasureSpeedUp"/>,
/// <see cref="CpuWork.WorkerCounts"/>): <c>Parallel.For</c> with MaxDegreeOfParallelism = 1..N over a job of fixed size.
/// </summary>
internal static class SpeedUpCurve
{
    /// <inheritdoc cref="CpuWork.WorkerCounts"/>
    public static IReadOnlyList<int> WorkerCounts(int cores)
    {
        if (cores < 1)
            throw new ArgumentOutOfRangeException(nameof(cores), cores, "A machine has at least one core: pass Environment.ProcessorCount.");
        int max = Math.Min(64, Math.Max(4, 2 * cores));
        var counts = new SortedSet<int> { cores <= max ? cores : max, max };
        for (int n = 1; n <= Math.Min(8, max); n++) counts.Add(n);
        // Above 8, geometric steps keep the number of points (and the run time) small on big machines.
        for (int step = 1; step <= 6 && max > 8; step++)
            counts.Add((int)Math.Round(8 * Math.Pow(max / 8.0, step / 6.0)));
        return counts.ToArray();
    }

    /// <inheritdoc cref="CpuWork.MeasureSpeedUp"/>
    public static IReadOnlyList<SpeedUpPoint> Measure(IEnumerable<int> workerCounts, TimeSpan serialWork, int chunks = 96, int repeats = 3, int? cores = null)
    {
        ArgumentNullException.ThrowIfNull(workerCounts);
        var counts = workerCounts.Distinct().Order().ToArray();
        if (counts.Length == 0 || counts[0] < 1)
            throw new ArgumentException("Give at least one worker count, each 1 or more (e.g. CpuWork.WorkerCounts(Environment.ProcessorCount)).", nameof(workerCounts));
        if (serialWork <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(serialWork), serialWork, "The job needs a positive size, e.g. TimeSpan.FromMilliseconds(300).");
        if (chunks < 1)
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "Split the job into at least one chunk (96 divides evenly among 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 workers).");
        if (repeats < 1)
            throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "Measure at least once: repeats must be 1 or more.");
        int machineCores = cores ?? Environment.ProcessorCount;
        if (machineCores < 1)
            throw new ArgumentOutOfRangeException(nameof(cores), cores, "A machine has at least one core.");

        long perChunk = CpuWork.IterationsFor(serialWork / chunks);
        var results = new ulong[chunks]; // each chunk writes its own slot: no sharing, no locks
        var best = counts.ToDictionary(n => n, _ => (Wall: TimeSpan.MaxValue, Cpu: TimeSpan.Zero, Waited: (TimeSpan?)null));
        var peak = counts.ToDictionary(n => n, _ => 0.0);
        var trials = counts.ToDictionary(n => n, _ => 0);
        using var process = Process.GetCurrentProcess();
        StartWorkers(counts[^1]);

        void Trial(int n)
        {
            process.Refresh();
            var processCpu0 = process.TotalProcessorTime;
            long jobCpuTicks = 0, waitedTicks = 0;
            var perThread = true;
            var waitKnown = true;
            var watch = Stopwatch.StartNew();
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = n }, i =>
            {
                // A chunk runs start to end on one thread, so that thread's CPU delta is the chunk's CPU time.
                var (waitedBefore, before) = (ThreadCoreWait.Now(), ThreadCpuTime.Now());
                results[i] = CpuWork.Run(perChunk);
                var (after, waitedAfter) = (ThreadCpuTime.Now(), ThreadCoreWait.Now());
                if (before is { } b && after is { } a) Interlocked.Add(ref jobCpuTicks, (a - b).Ticks);
                else perThread = false;
                if (waitedBefore is { } wb && waitedAfter is { } wa) Interlocked.Add(ref waitedTicks, (wa - wb).Ticks);
                else waitKnown = false;
            });
            var wall = watch.Elapsed;
            process.Refresh();
            var cpu = perThread ? TimeSpan.FromTicks(jobCpuTicks) : process.TotalProcessorTime - processCpu0;
            if (wall < best[n].Wall) best[n] = (wall, cpu, perThread && waitKnown ? TimeSpan.FromTicks(waitedTicks) : null);
            peak[n] = Math.Max(peak[n], cpu.TotalSeconds / wall.TotalSeconds);
            trials[n]++;
        }

        for (int r = 0; r < repeats; r++)
            foreach (var n in counts) Trial(n);
        // A count up to the core count whose fastest trial still lost part of its cores to other programs (its workers
        // ready to run but waiting for a core) measured the machine's load, not the job: it gets up to
        // MoreTrialsAtMost more trials, and keeps the fastest. Above the core count the workers wait for each other, so
        // waiting says nothing.
        bool LostCores(int n) => n <= machineCores && best[n] is { Waited: { } waited } trial && ShareOfCore(trial.Cpu, waited) < FullCoreShare;
        for (int r = 0; r < MoreTrialsAtMost && counts.Any(LostCores); r++)
            foreach (var n in counts.Where(LostCores).ToArray()) Trial(n);
        GC.KeepAlive(results);

        // Speed-up is relative to the smallest worker count measured (1 when the list starts at 1).
        var baseline = best[counts[0]].Wall.TotalSeconds * counts[0];
        return counts.Select(n =>
        {
            var (wall, cpu, waited) = best[n];
            return new SpeedUpPoint(n, wall, cpu,
                SpeedUp: baseline / wall.TotalSeconds,
                Parallelism: cpu.TotalSeconds / wall.TotalSeconds,
                Ideal: Math.Min(n, machineCores),
                PeakParallelism: peak[n])
            { WaitedForCore = waited, Trials = trials[n] };
        }).ToArray();
    }

    /// <summary>The share of a core below which a trial's workers count as having lost their cores to other programs.</summary>
    private const double FullCoreShare = 0.9;

    /// <summary>How many more trials a count whose workers lost their cores gets at most.</summary>
    private const int MoreTrialsAtMost = 8;

    private static double ShareOfCore(TimeSpan cpu, TimeSpan waited) => cpu + waited > TimeSpan.Zero ? cpu / (cpu + waited) : 1;

    /// <summary>
    /// Has <paramref name="workers"/> threads of the pool running at once before any trial is timed, as a process
    /// pool's workers are started before the clock is. A pool whose threads are all busy elsewhere gives Parallel.For
    /// a second thread only when it adds one (after half a second or so): a trial timed then would measure the pool's
    /// start-up, not the job. Each waits for the others 2 s at most, so a pool that cannot grow only costs time.
    /// </summary>
    private static void StartWorkers(int workers)
    {
        using var started = new CountdownEvent(workers);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            started.Signal();
            started.Wait(TimeSpan.FromSeconds(2));
        });
    }
}
