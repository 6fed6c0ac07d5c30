namespace ConcurrencyLab.Tests;

/// <summary>
/// CPU-bound threads of this process that spin until disposed: load on the cores the code under test shares, for
/// exactly as long as a test needs it. <see cref="Spins"/> says how much each one did, so a test can show they ran.
/// </summary>
internal sealed class SpinningThreads : IDisposable
{
    /// <summary>The test collection of classes that spin: it runs alone, so the load reaches no other test.</summary>
    public const string Collection = "ConcurrencyLab spinning threads";

    private readonly Thread[] _threads;
    private readonly long[] _spins;
    private volatile bool _stop;

    public SpinningThreads(int count)
    {
        _spins = new long[count];
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            _threads[i] = new Thread(() =>
            {
                while (!_stop) Interlocked.Increment(ref _spins[index]);
            }) { IsBackground = true, Name = $"spinning thread {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>How many times each thread has gone round its loop so far.</summary>
    public long[] Spins => Enumerable.Range(0, _spins.Length).Select(i => Volatile.Read(ref _spins[i])).ToArray();

    public void Dispose()
    {
        _stop = true;
        foreach (var thread in _threads) thread.Join();
    }
}

[CollectionDefinition(SpinningThreads.Collection, DisableParallelization = true)]
public sealed class SpinningThreadsCollection;
