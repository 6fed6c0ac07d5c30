namespace ConcurrencyLab;

/// <summary>
/// The thread-pool minimum raised by the number of threads one <c>#!connect jupyter</c> connection's receive loops
/// hold, and given back exactly once.
/// <para>
/// The kernel's connection (ZMQKernelConnection) receives on each of its four sockets in a loop that blocks a pool
/// thread for the connection's lifetime (<c>Task.Run</c> around a blocking receive), and <c>Task.Run</c> always uses the
/// pool, so the notebook layer cannot give the loops threads of their own. Past the pool's minimum the pool adds a
/// thread only by its starvation rule (one about every half second, slower while the CPU is busy), so without the raise
/// the connect itself, and every continuation after it, waits for threads the loops took. While the connection lives,
/// the raise equals what its loops hold, so the threads free for the lesson are those a fresh kernel has.
/// </para>
/// <para>
/// <see cref="Dispose"/> lowers the minimum by exactly what was added (a change someone else made meanwhile stays);
/// it is called when the connected kernel is disposed, or at once when the attempt is abandoned or fails, so attempts
/// never add up. The pool's own thread goal may stay raised for a while after that, as after any burst of work.
/// </para>
/// </summary>
internal sealed class ThreadReservation : IDisposable
{
    /// <summary>Sockets a connection receives on, one blocked pool thread each: shell, iopub, stdin, control.</summary>
    public const int ReceiveLoops = 4;

    private static readonly object s_poolSettings = new();
    private int _raised;

    private ThreadReservation(int raised) => _raised = raised;

    /// <summary>Raises the minimum by <see cref="ReceiveLoops"/> worker threads (by nothing when the pool refuses).</summary>
    public static ThreadReservation ForConnection()
    {
        lock (s_poolSettings)
        {
            ThreadPool.GetMinThreads(out var workers, out var completionPorts);
            return new ThreadReservation(ThreadPool.SetMinThreads(workers + ReceiveLoops, completionPorts) ? ReceiveLoops : 0);
        }
    }

    /// <summary>Worker threads this reservation still holds above the minimum it found (0 once given back).</summary>
    public int Raised => Volatile.Read(ref _raised);

    public void Dispose()
    {
        lock (s_poolSettings)
        {
            var raised = Interlocked.Exchange(ref _raised, 0);
            if (raised == 0) return;
            ThreadPool.GetMinThreads(out var workers, out var completionPorts);
            ThreadPool.SetMinThreads(Math.Max(1, workers - raised), completionPorts);
        }
    }
}
