using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;

namespace NotebookRunner.Kernel;

/// <summary>How a command ended: its completion event, or the reason there is none.</summary>
internal enum CommandEnd { Succeeded, Failed, TimedOut, KernelExited }

/// <summary>
/// One <c>dotnet-interactive stdio</c> process, spoken to as VS Code speaks to it: one JSON command envelope per
/// line on standard input, one event envelope per line on standard output. Each command carries its own token;
/// the kernel tags every event with the token of the command it belongs to (child commands get "token.1",
/// "token.2", ...), and a command is over when CommandSucceeded or CommandFailed arrives for exactly its token.
/// </summary>
internal sealed class KernelProcess : IAsyncDisposable
{
    private const int KeptLines = 60;

    private readonly Process _process;
    private readonly ConcurrentDictionary<string, Action<KernelEvent>> _listeners = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<KernelReady> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _stderrTail = new();
    private readonly Queue<string> _strayTail = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _kernelNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _readers;
    private IReadOnlyList<int> _killedTree = [];
    private int _nextToken;

    private KernelProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(Task.Run(ReadEventsAsync), Task.Run(ReadErrorsAsync));
    }

    /// <summary>The process id of the tool process the runner started.</summary>
    public int Id { get; private init; }

    /// <summary>Raised for a line of standard output that is not an envelope (the process wrote past the kernel).</summary>
    public event Action<string>? StrayLine;

    /// <summary>Completes when the process has ended (killed, crashed or quit).</summary>
    public Task Exited => _exited.Task;

    /// <summary>Completes when the kernel has announced itself ready; faults if the process ended first.</summary>
    public Task<KernelReady> Ready => _ready.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The names and aliases of the kernels it has: those it announced when ready, and any added since (#!connect).</summary>
    public IReadOnlyCollection<string> KernelNames => [.. _kernelNames.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Every process that was in the tree when the runner ended it (for checks that nothing survived).</summary>
    public IReadOnlyList<int> KilledTree => _killedTree;

    /// <summary>The last lines the process wrote to standard error and the non-envelope lines of standard output.</summary>
    public string Diagnostics
    {
        get
        {
            lock (_stderrTail)
                return string.Join("\n", _strayTail.Concat(_stderrTail)).Trim();
        }
    }

    private readonly Lock _killGate = new();

    public static KernelProcess Start(ProcessStartInfo info)
    {
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        // Envelopes are UTF-8; a byte-order mark before the first command would make it unreadable JSON.
        info.StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        Process process;
        try { process = Process.Start(info) ?? throw new KernelStartException($"could not start '{info.FileName}'."); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KernelStartException($"could not start '{info.FileName}' ({e.Message}); is the .NET SDK on PATH?");
        }
        var kernel = new KernelProcess(process) { Id = process.Id };
        s_live.TryAdd(kernel, 0);
        return kernel;
    }

    // Every kernel started and not yet killed, so an interrupted runner (Ctrl+C, SIGTERM) can end them all: a kernel
    // whose client is gone does not exit by itself, and it keeps a core busy reading its closed input.
    private static readonly ConcurrentDictionary<KernelProcess, byte> s_live = new();

    /// <summary>Kills every kernel this process started that is still running, each with its whole tree.</summary>
    public static void KillAll()
    {
        foreach (var kernel in s_live.Keys)
            kernel.Kill();
    }

    /// <summary>
    /// Sends a command and passes every event of it (and of its child commands) to <paramref name="onEvent"/>, on
    /// the reading thread, in the order the kernel wrote them, until the command completes, the timeout passes or
    /// the process ends.
    /// </summary>
    public async Task<(CommandEnd End, KernelEvent? Completion)> SendAsync(KernelCommand command, Action<KernelEvent> onEvent, TimeSpan timeout)
    {
        var token = $"r{Interlocked.Increment(ref _nextToken)}";
        command.SetToken(token);
        var completion = new TaskCompletionSource<KernelEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _listeners[token] = e =>
        {
            onEvent(e);
            if (e is CommandSucceeded or CommandFailed && e.Command?.GetOrCreateToken() == token)
                completion.TrySetResult(e);
        };
        try
        {
            if (HasExited) return (CommandEnd.KernelExited, null);
            await WriteAsync(KernelCommandEnvelope.Serialize(KernelCommandEnvelope.Create(command)));
            using var delay = new CancellationTokenSource();
            var first = await Task.WhenAny(completion.Task, _exited.Task, Task.Delay(timeout, delay.Token));
            delay.Cancel();
            if (first == completion.Task)
                return (completion.Task.Result is CommandSucceeded ? CommandEnd.Succeeded : CommandEnd.Failed, completion.Task.Result);
            // The last events may still be in the reader's hands when the process ends.
            if (first == _exited.Task && completion.Task.IsCompleted)
                return (completion.Task.Result is CommandSucceeded ? CommandEnd.Succeeded : CommandEnd.Failed, completion.Task.Result);
            return (first == _exited.Task ? CommandEnd.KernelExited : CommandEnd.TimedOut, null);
        }
        finally
        {
            _listeners.TryRemove(token, out _);
        }
    }

    /// <summary>Ends the process and everything it started (a connected Jupyter kernel would otherwise live on).</summary>
    public void Kill()
    {
        // Also called from a signal handler's thread while the run ends the same kernel.
        lock (_killGate)
        {
            if (_killedTree.Count == 0)
                _killedTree = ProcessTree.Kill(_process, TimeSpan.FromSeconds(10));
        }
        s_live.TryRemove(this, out _);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try { await _readers.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { /* a grandchild still holds the pipes open; it was killed, the pipes close with it */ }
        _process.Dispose();
        _writeGate.Dispose();
    }

    private async Task WriteAsync(string line)
    {
        await _writeGate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteAsync(line + "\n");
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException) { /* the process is gone: the caller sees Exited */ }
        catch (ObjectDisposedException) { }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (EventLine.TryParse(line) is { } kernelEvent) Dispatch(kernelEvent);
                else if (line.Length > 0)
                {
                    Keep(_strayTail, line);
                    StrayLine?.Invoke(line);
                }
            }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        finally
        {
            try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); }
            catch (TimeoutException) { }
            _ready.TrySetException(new KernelStartException(
                $"the kernel process ended before it was ready{ExitCodeText()}.{(Diagnostics.Length > 0 ? " It said: " + Diagnostics : "")}"));
            _exited.TrySetResult();
        }
    }

    private string ExitCodeText()
    {
        try { return _process.HasExited ? $" (exit code {_process.ExitCode})" : ""; }
        catch (InvalidOperationException) { return ""; }
    }

    private async Task ReadErrorsAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
                if (line.Length > 0) Keep(_stderrTail, line);
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    private void Keep(Queue<string> tail, string line)
    {
        lock (_stderrTail)
        {
            tail.Enqueue(line.Length > 500 ? line[..500] + " …" : line);
            while (tail.Count > KeptLines) tail.Dequeue();
        }
    }

    private void Remember(Microsoft.DotNet.Interactive.KernelInfo info)
    {
        if (info.IsComposite) return;
        _kernelNames.TryAdd(info.LocalName, 0);
        foreach (var alias in info.Aliases) _kernelNames.TryAdd(alias, 0);
    }

    private void Dispatch(KernelEvent kernelEvent)
    {
        if (kernelEvent is KernelReady ready)
        {
            foreach (var info in ready.KernelInfos) Remember(info);
            _ready.TrySetResult(ready);
            return;
        }
        if (kernelEvent is KernelInfoProduced produced) Remember(produced.KernelInfo);
        var token = kernelEvent.Command?.GetOrCreateToken();
        if (token is null) return;
        var root = token.IndexOf('.') is var dot and >= 0 ? token[..dot] : token;
        if (_listeners.TryGetValue(root, out var listener))
            listener(kernelEvent);
    }
}
