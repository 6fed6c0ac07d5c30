using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using ConcurrencyLab.Processes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;

namespace NotebookRunner.Kernel;

/// <summary>How a command ended: its completion event, or the reason there is none.</summary>
internal enum CommandEnd { Succeeded, Failed, TimedOut, KernelExited }

/// <summary>The kernel could not be started: no tool manifest, a tool that cannot be restored, or a process that
/// died or hung before it was ready. The message says what to do.</summary>
internal sealed class KernelStartException(string message) : Exception(message);

/// <summary>
/// One <c>dotnet-interactive stdio</c> process, spoken to as VS Code speaks to it: one JSON command envelope per
/// line on standard input, one event envelope per line on standard output. Each command carries its own token;
/// the kernel tags every event with the token of the command it belongs to (child commands get "token.1",
/// "token.2", ...), and a command is over when CommandSucceeded or CommandFailed arrives for exactly its token.
/// </summary>
internal sealed class KernelProcess : IAsyncDisposable
{
    private const int KeptLines = 60;

    /// <summary>
    /// In stdio mode the kernel formats non-string values as text/html only (VS Code renders HTML). Reports also want
    /// the plain text, as Jupyter front ends get it, so every value is formatted both ways; strings stay plain text, as
    /// the kernel has them. Only which formats are produced changes, not what any of them contains.
    /// </summary>
    private const string SetupCode = """
        Microsoft.DotNet.Interactive.Formatting.Formatter.SetPreferredMimeTypesFor(typeof(object), "text/html", "text/plain");
        Microsoft.DotNet.Interactive.Formatting.Formatter.SetPreferredMimeTypesFor(typeof(string), "text/plain");
        """;

    private readonly Process _process;
    private readonly ConcurrentDictionary<string, Action<KernelEvent>> _listeners = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _kernelNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _killGate = new();
    private readonly Task _readers;
    private IReadOnlyList<int>? _killedTree;
    private int _nextToken;

    /// <summary>Starts the process; <see cref="MakeReadyAsync"/> then waits until the kernel in it is ready.</summary>
    public KernelProcess(ProcessStartInfo info)
    {
        info.RedirectStandardInput = info.RedirectStandardOutput = info.RedirectStandardError = true;
        info.UseShellExecute = false;
        // Envelopes are UTF-8; a byte-order mark before the first command would make it unreadable JSON.
        info.StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        info.StandardOutputEncoding = info.StandardErrorEncoding = Encoding.UTF8;
        try { _process = Process.Start(info) ?? throw new KernelStartException($"could not start '{info.FileName}'."); }
        catch (Win32Exception e) { throw new KernelStartException($"could not start '{info.FileName}' ({e.Message}); is the .NET SDK on PATH?"); }
        _readers = Task.WhenAll(Task.Run(ReadEventsAsync), Task.Run(() => ReadLinesAsync(_process.StandardError, Keep)));
    }

    /// <summary>Raised for a line of standard output that is not an envelope (the process wrote past the kernel).</summary>
    public event Action<string>? StrayLine;

    /// <summary>True once the process has ended (killed, crashed or quit) and its output is read.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The names and aliases of the kernels it has: those it announced when ready, and any added since (#!connect).</summary>
    public IReadOnlyCollection<string> KernelNames => [.. _kernelNames.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Every process that was in the tree when the kernel was killed, root first (empty before).</summary>
    public IReadOnlyList<int> KilledTree => _killedTree ?? [];

    /// <summary>The end of a message about this kernel: " It said: " and the last lines the process wrote to standard
    /// error or, not as envelopes, to standard output; nothing when it wrote none.</summary>
    public string Said
    {
        get
        {
            lock (_tail) return string.Join("\n", _tail).Trim() is { Length: > 0 } said ? " It said: " + said : "";
        }
    }

    /// <summary>
    /// Waits, at most <paramref name="timeout"/>, until the kernel has announced itself ready and has run
    /// <see cref="SetupCode"/>; a process that ends, hangs or fails first is a <see cref="KernelStartException"/>.
    /// </summary>
    public async Task MakeReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        try { await _ready.Task.WaitAsync(timeout); }
        catch (TimeoutException) { throw new KernelStartException($"the kernel was not ready within {timeout.TotalSeconds:0} s.{Said}"); }
        var left = timeout - clock.Elapsed;
        var (end, completion) = await SendAsync(new SubmitCode(SetupCode, "csharp"), _ => { }, left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        var why = end switch
        {
            CommandEnd.Succeeded => null,
            CommandEnd.TimedOut => $"did not answer within {timeout.TotalSeconds:0} s",
            CommandEnd.KernelExited => "ended",
            _ => $"failed: {(completion as CommandFailed)?.Message}",
        };
        if (why is not null) throw new KernelStartException($"the kernel's C# setup submission {why}.{Said}");
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
            try { await Task.WhenAny(completion.Task, _exited.Task).WaitAsync(timeout); }
            catch (TimeoutException) { }
            // The completion first: the reader hands over the last events before it reports the process ended.
            if (completion.Task.IsCompleted)
                return (completion.Task.Result is CommandSucceeded ? CommandEnd.Succeeded : CommandEnd.Failed, completion.Task.Result);
            return (HasExited ? CommandEnd.KernelExited : CommandEnd.TimedOut, null);
        }
        finally
        {
            _listeners.TryRemove(token, out _);
        }
    }

    /// <summary>
    /// Ends the process and everything it started (a connected Jupyter kernel would otherwise live on). Only the first
    /// call kills; it may come from a signal handler's thread while the run ends the same kernel.
    /// </summary>
    public void Kill()
    {
        lock (_killGate) _killedTree ??= ProcessTable.KillTree(_process, TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try { await _readers.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { /* a grandchild still holds the pipes open; it was killed, the pipes close with it */ }
        _process.Dispose();
    }

    private async Task WriteAsync(string line)
    {
        await _writeGate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteAsync(line + "\n");
            await _process.StandardInput.FlushAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { /* the process is gone: the caller sees it ended */ }
        finally { _writeGate.Release(); }
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            await ReadLinesAsync(_process.StandardOutput, line =>
            {
                if (EventLine.TryParse(line) is { } kernelEvent) Dispatch(kernelEvent);
                else if (line.Length > 0)
                {
                    Keep(line);
                    StrayLine?.Invoke(line);
                }
            });
        }
        finally
        {
            var exitCode = "";
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                exitCode = $" (exit code {_process.ExitCode})";
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException) { }
            _ready.TrySetException(new KernelStartException($"the kernel process ended before it was ready{exitCode}.{Said}"));
            _exited.TrySetResult();
        }
    }

    private static async Task ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        try { while (await reader.ReadLineAsync() is { } line) onLine(line); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { /* the process is gone */ }
    }

    private void Keep(string line)
    {
        if (line.Length == 0) return;
        lock (_tail)
        {
            _tail.Enqueue(line.Length > 500 ? line[..500] + " …" : line);
            while (_tail.Count > KeptLines) _tail.Dequeue();
        }
    }

    private void Remember(Microsoft.DotNet.Interactive.KernelInfo info)
    {
        if (!info.IsComposite)
            foreach (var name in info.Aliases.Prepend(info.LocalName)) _kernelNames.TryAdd(name, 0);
    }

    private void Dispatch(KernelEvent kernelEvent)
    {
        if (kernelEvent is KernelReady ready)
        {
            foreach (var info in ready.KernelInfos) Remember(info);
            _ready.TrySetResult();
            return;
        }
        if (kernelEvent is KernelInfoProduced produced) Remember(produced.KernelInfo);
        // A child command's token is its parent's with ".N" appended: the root token names the command sent.
        if (kernelEvent.Command?.GetOrCreateToken().Split('.')[0] is { } root && _listeners.TryGetValue(root, out var listener))
            listener(kernelEvent);
    }
}
