using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NotebookRunner.Ipynb;
using NotebookRunner.Kernel;

namespace NotebookRunner.Execution;

/// <summary>
/// One run of the runner, from its first kernel to its end; all the state a run shares lives here. It owns every
/// kernel it starts: a kernel ends through <see cref="StopKernelAsync"/>, and whatever still runs when the session is
/// disposed or interrupted is killed with every process it started (a kernel whose client is gone never exits, and
/// keeps a core busy reading its closed input). While it lives, Ctrl+C, SIGTERM and SIGHUP interrupt it: it kills its
/// kernels, which ends the notebook running, and from then on <see cref="Interrupted"/> is true: the caller writes
/// nothing more and leaves the exit to the signal's default action (exit code 128 + signal). It restores a
/// manifest's tool at most once; later starts share that attempt.
/// </summary>
internal sealed class RunSession : IAsyncDisposable
{
    /// <summary>Time allowed for a kernel process to start and be ready for the first cell (includes the compiler's warm-up).</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    private readonly ConcurrentDictionary<KernelProcess, byte> _kernels = new();
    private readonly ConcurrentDictionary<string, Lazy<Task>> _restores = new(StringComparer.Ordinal);
    private readonly TextWriter _log;
    private readonly PosixSignalRegistration[] _signals;
    private volatile bool _interrupted;

    /// <param name="log">Where the session says it was interrupted (standard error).</param>
    public RunSession(TextWriter log)
    {
        _log = log;
        PosixSignal[] signals = OperatingSystem.IsWindows()
            ? [PosixSignal.SIGINT, PosixSignal.SIGTERM]
            : [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];
        // The handler does not call Environment.Exit: racing the main thread's exit, that can deadlock.
        _signals = [.. signals.Select(signal => PosixSignalRegistration.Create(signal, context => Interrupt(context.Signal)))];
    }

    /// <summary>True once a signal interrupted the session (its kernels are killed).</summary>
    public bool Interrupted => _interrupted;

    /// <summary>
    /// Runs notebooks one after another, each in a kernel of its own (so notebooks never share state), and stops each
    /// kernel when its notebook is done. The next notebook's kernel starts as soon as the current one is ready, so its
    /// start-up is hidden. After a kernel that could not be started no further notebook runs (the next would fail the
    /// same way).
    /// </summary>
    /// <param name="fallbackToolDirectory">Where to look for the tool manifest when a notebook's folder does not see one.</param>
    public async IAsyncEnumerable<NotebookResult> RunAllAsync(IReadOnlyList<NotebookFile> notebooks, RunSettings settings, string? fallbackToolDirectory)
    {
        async Task<KernelProcess> Start(NotebookFile notebook)
        {
            var tool = KernelTool.Find(notebook.Directory, fallbackToolDirectory);
            return await StartKernelAsync(tool, tool.StartInfo(notebook.Directory, notebook.DefaultKernelName));
        }
        var next = notebooks.Count > 0 ? Start(notebooks[0]) : null;
        try
        {
            for (var i = 0; next is not null; i++)
            {
                var (starting, following) = (next, i + 1 < notebooks.Count ? notebooks[i + 1] : null);
                next = following is null ? null : starting.ContinueWith(_ => Start(following), TaskScheduler.Default).Unwrap();
                var (result, started) = await RunAsync(notebooks[i], starting, settings);
                yield return result;
                if (!started) yield break;
            }
        }
        finally
        {
            try { if (next is not null) await StopKernelAsync(await next); }
            catch (KernelStartException) { /* it never ran: nothing to stop */ }
        }
    }

    /// <summary>
    /// Starts a kernel and makes it ready. When the tool is not restored yet (a fresh clone on a fresh machine: the
    /// manifest pins it but nothing restored it), restores it and starts again.
    /// </summary>
    public async Task<KernelProcess> StartKernelAsync(KernelTool tool, ProcessStartInfo info)
    {
        try { return await LaunchAsync(); }
        catch (KernelStartException e) when (KernelTool.SaysNotRestored(e.Message))
        {
            await _restores.GetOrAdd(tool.ManifestPath, _ => new Lazy<Task>(tool.RestoreAsync)).Value;
            return await LaunchAsync();
        }

        async Task<KernelProcess> LaunchAsync()
        {
            var kernel = new KernelProcess(info);
            _kernels.TryAdd(kernel, 0);
            if (_interrupted) kernel.Kill();
            try { await kernel.MakeReadyAsync(StartupTimeout); }
            catch
            {
                await StopKernelAsync(kernel);
                throw;
            }
            return kernel;
        }
    }

    /// <summary>Ends a kernel this session started, with every process it started.</summary>
    public async Task StopKernelAsync(KernelProcess kernel)
    {
        await kernel.DisposeAsync();
        _kernels.TryRemove(kernel, out _);
    }

    /// <summary>Stops every kernel still running, then lets signals take their default action again.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var kernel in _kernels.Keys) await StopKernelAsync(kernel);
        foreach (var signal in _signals) signal.Dispose();
    }

    private async Task<(NotebookResult Result, bool KernelStarted)> RunAsync(NotebookFile notebook, Task<KernelProcess> starting, RunSettings settings)
    {
        settings.OnNotebookStarted?.Invoke(notebook);
        var clock = Stopwatch.StartNew();
        KernelProcess kernel;
        try { kernel = await starting; }
        catch (KernelStartException e) { return (NotebookResult.NotStarted(notebook, clock.Elapsed.TotalMilliseconds, e), false); }
        var startupMs = clock.Elapsed.TotalMilliseconds;
        try { return (await NotebookExecutor.RunAsync(kernel, notebook, settings) with { StartupMs = startupMs, TotalMs = clock.Elapsed.TotalMilliseconds }, true); }
        finally { await StopKernelAsync(kernel); }
    }

    private void Interrupt(PosixSignal signal)
    {
        _interrupted = true;
        _log.WriteLine($"{signal}: stopping the kernels and exiting (a notebook not finished gets no report).");
        foreach (var kernel in _kernels.Keys) kernel.Kill();
    }
}
