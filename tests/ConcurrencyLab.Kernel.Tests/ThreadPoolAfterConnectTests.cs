using ConcurrencyLab;
using Xunit.Abstractions;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// A connect leaves the thread pool a lesson measures as a fresh kernel has it, plus only what the connection's own
/// receive loops hold: the minimum is raised by the four threads they block, the same number of threads start at once
/// as before, and everything raised is given back when the kernel is disposed or the attempt abandoned, never adding up
/// over attempts. Each test first sets the pool as a fresh process has it (its thread goal at its minimum), and puts the
/// minimum back afterwards. (In the non-parallel collection: nothing else uses the pool meanwhile. The test host holds
/// a pool thread or two for good, so fewer threads start at once than the minimum; that stays the same throughout.)
/// </summary>
[Collection(nameof(PythonKernelTests))]
public sealed class ThreadPoolAfterConnectTests(ITestOutputHelper output) : IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly int _minBefore = MinWorkers();

    public void Dispose()
    {
        ThreadPool.GetMinThreads(out _, out var ports);
        ThreadPool.SetMinThreads(_minBefore, ports);
        _scratch.Dispose();
    }

    [SkippableFact]
    public async Task A_connection_raises_the_minimum_by_what_its_receive_loops_hold_and_gives_it_back_when_disposed()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var fresh = await FreshPoolAsync();
        var loops = new List<BlockingLoopsKernel>();
        var notebook = new Notebook(Options(), withCSharp: false);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(_ =>
        {
            var kernel = new BlockingLoopsKernel("python", ThreadReservation.ReceiveLoops);
            loops.Add(kernel);
            return kernel;
        }));

        Notebook.AssertSucceeded(await notebook.ConnectAsync());
        var python = Assert.Single(loops);
        Assert.True(python.AllLoopsRunning.Wait(TimeSpan.FromSeconds(30)), "the connection's loops did not all start");
        var connected = await ReadAsync();
        notebook.Dispose();
        Assert.True(python.AllLoopsEnded.Wait(TimeSpan.FromSeconds(30)), "the connection's loops did not end");
        var disposed = await ReadAsync();
        output.WriteLine($"fresh: {fresh}; connected: {connected}; disposed: {disposed}");

        Assert.Equal(fresh.MinWorkers + ThreadReservation.ReceiveLoops, connected.MinWorkers);
        // The loops hold four threads and the raise gives four: a lesson starts as many at once as in a fresh kernel.
        Assert.Equal(fresh.StartingAtOnce, connected.StartingAtOnce);
        Assert.Equal(fresh.MinWorkers, disposed.MinWorkers);
        // The pool keeps its raised thread goal for a while, as after any burst of work: never more than the one raise.
        Assert.InRange(disposed.StartingAtOnce, fresh.StartingAtOnce, fresh.StartingAtOnce + ThreadReservation.ReceiveLoops);
    }

    [SkippableFact]
    public async Task Three_abandoned_attempts_leave_the_minimum_as_it_was_and_raise_the_threads_starting_at_once_by_one_raise_at_most()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var fresh = await FreshPoolAsync();
        var attempts = 0;
        var options = Options() with { AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        using var notebook = new Notebook(options, withCSharp: false);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(async _ =>
        {
            Interlocked.Increment(ref attempts);
            await Task.Delay(Timeout.Infinite); // a spec that never answers
            return new RecordingKernel("python");
        }));

        Notebook.AssertSucceeded(await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        var after = await ReadAsync();
        output.WriteLine($"fresh: {fresh}; after 3 abandoned attempts: {after}");

        Assert.Equal(3, attempts);
        Assert.True(notebook.Status!.IsStandIn);
        Assert.Equal(fresh.MinWorkers, after.MinWorkers);
        // At most one raise kept, not three added up (twelve more). The bound stops short of two raises: on a busy
        // machine the fresh probe can miss a thread or two that started after its quiet window.
        Assert.InRange(after.StartingAtOnce, fresh.StartingAtOnce, fresh.StartingAtOnce + 2 * ThreadReservation.ReceiveLoops - 1);
    }

    [SkippableFact]
    public async Task With_the_genuine_connect_to_python_no_fewer_threads_start_at_once_than_before()
    {
        var tool = GenuineJupyter.RequireToolAndPython();
        var fresh = await FreshPoolAsync();
        var notebook = new Notebook(new PythonKernelOptions("python", "python3", GenuineJupyter.HelpersPython()), withCSharp: false);
        GenuineJupyter.AddConnectDirective(notebook.Root, tool);

        Notebook.AssertSucceeded(await notebook.ConnectAsync().WaitAsync(TimeSpan.FromMinutes(3)));
        Assert.True(notebook.Status!.IsConnected, notebook.Status.Message);
        var connected = await ReadAsync();
        notebook.Dispose();
        var disposed = await ReadAsync();
        output.WriteLine($"fresh: {fresh}; connected to Python: {connected}; disposed: {disposed}");

        // The kernel's ZMQKernelConnection blocks one pool thread per socket: the raise makes up for those. (The pool
        // may also have grown for the connect's other blocking work, such as the kernel waiting on a pool thread for
        // `jupyter kernelspec list` to exit, so more may start at once than before; never fewer.)
        Assert.Equal(fresh.MinWorkers + ThreadReservation.ReceiveLoops, connected.MinWorkers);
        Assert.InRange(connected.StartingAtOnce, fresh.StartingAtOnce, int.MaxValue);
        Assert.Equal(fresh.MinWorkers, disposed.MinWorkers);
    }

    [Fact]
    public void A_reservation_is_given_back_exactly_once_and_keeps_what_others_changed_meanwhile()
    {
        var before = MinWorkers();
        var reservation = ThreadReservation.ForConnection();
        Assert.Equal(before + ThreadReservation.ReceiveLoops, MinWorkers());
        ThreadPool.GetMinThreads(out _, out var ports);
        ThreadPool.SetMinThreads(MinWorkers() + 1, ports); // a lesson's own change while the connection lives

        reservation.Dispose();
        reservation.Dispose();

        Assert.Equal(before + 1, MinWorkers());
        Assert.Equal(0, reservation.Raised);
    }

    /// <summary>
    /// Sets the pool as a fresh process has it: its thread goal (how many threads it runs work on before the starvation
    /// rule) at its minimum. The goal never exceeds the larger of the minimum and the threads that exist, so a minimum
    /// above both becomes the goal.
    /// </summary>
    private static async Task<PoolState> FreshPoolAsync()
    {
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, ThreadPool.ThreadCount) + 1, ports);
        return await ReadAsync();
    }

    private static Task<PoolState> ReadAsync() => PoolProbe.ReadAsync(MinWorkers() + 3 * ThreadReservation.ReceiveLoops);

    private static int MinWorkers()
    {
        ThreadPool.GetMinThreads(out var workers, out _);
        return workers;
    }

    private PythonKernelOptions Options() => new("python", "python3", _scratch.Dir("helpers-python"), Attempts: 3,
        Specs: _scratch.Specs(new JupyterKernelSpec("python3", [_scratch.Script("python3", "echo 3.99.9"), "-m", "ipykernel_launcher", "-f", "{connection_file}"])));
}

/// <summary>
/// Stands for a #!connect jupyter connection: like the kernel's ZMQKernelConnection it receives in loops that each
/// block a pool thread (Task.Run around a blocking wait) until the kernel is disposed.
/// </summary>
internal sealed class BlockingLoopsKernel : Microsoft.DotNet.Interactive.Kernel
{
    private readonly ManualResetEventSlim _closed = new();

    public BlockingLoopsKernel(string name, int loops) : base(name)
    {
        AllLoopsRunning = new CountdownEvent(loops);
        AllLoopsEnded = new CountdownEvent(loops);
        for (var i = 0; i < loops; i++)
            _ = Task.Run(() =>
            {
                AllLoopsRunning.Signal();
                _closed.Wait();
                AllLoopsEnded.Signal();
            });
        RegisterForDisposal(_closed.Set);
    }

    public CountdownEvent AllLoopsRunning { get; }

    public CountdownEvent AllLoopsEnded { get; }
}
