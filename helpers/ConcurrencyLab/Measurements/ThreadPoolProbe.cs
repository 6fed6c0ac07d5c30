namespace ConcurrencyLab;

/// <summary>
/// Samples the thread pool at a fixed interval until stopped, to chart the pool injecting threads while it is
/// starved. It samples on its own dedicated thread: a starved pool could not run a sampler of its own.
/// </summary>
public sealed class ThreadPoolProbe : IDisposable
{
    private readonly Timeline _timeline;
    private readonly TimeSpan _interval;
    private readonly List<(TimeSpan At, int ThreadCount, long PendingWorkItems)> _samples = new();
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private int _stopped;

    private ThreadPoolProbe(Timeline timeline, TimeSpan interval)
    {
        _timeline = timeline;
        _interval = interval;
        _thread = new Thread(Loop) { IsBackground = true, Name = "thread pool probe" };
        _thread.Start();
    }

    /// <summary>Starts sampling now, every <paramref name="interval"/>, timed on <paramref name="timeline"/>.</summary>
    public static ThreadPoolProbe Start(Timeline timeline, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (interval < TimeSpan.FromMilliseconds(1) || interval > TimeSpan.FromSeconds(10))
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Sample between every 1 ms and every 10 s (e.g. TimeSpan.FromMilliseconds(20)).");
        return new ThreadPoolProbe(timeline, interval);
    }

    /// <summary>
    /// The samples so far, oldest first: when (time on the probe's timeline, so samples line up with the Gantt chart of
    /// the same run), how many threads the pool had (<see cref="ThreadPool.ThreadCount"/>), and how much work was
    /// queued, not yet started (<see cref="ThreadPool.PendingWorkItemCount"/>).
    /// </summary>
    public IReadOnlyList<(TimeSpan At, int ThreadCount, long PendingWorkItems)> Samples
    {
        get { lock (_samples) return _samples.ToArray(); }
    }

    /// <summary>Stops sampling (after one last sample) and returns every sample, oldest first.</summary>
    public IReadOnlyList<(TimeSpan At, int ThreadCount, long PendingWorkItems)> Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _stop.Set();
            _thread.Join();
        }
        return Samples;
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Loop()
    {
        do
        {
            var sample = Sample();
            lock (_samples) _samples.Add(sample);
        }
        while (!_stop.Wait(_interval));
        lock (_samples) _samples.Add(Sample());
    }

    private (TimeSpan At, int ThreadCount, long PendingWorkItems) Sample() =>
        (_timeline.Now, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
}
