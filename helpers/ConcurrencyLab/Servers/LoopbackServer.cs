using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ConcurrencyLab;

/// <summary>
/// The part every demo server shares: it listens on 127.0.0.1 only, on a port the OS picks (port 0, so two
/// runs never fight over a port), accepts connections, counts them, and stops on <c>await using</c>, after
/// an idle timeout, or when the process exits. Subclasses only say how to serve one connection.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    /// <summary>How long a server waits without any traffic before it stops by itself, unless told otherwise.</summary>
    internal static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, Socket> _open = new();
    private readonly ConcurrentDictionary<int, Task> _handlers = new();
    private readonly EventHandler _onProcessExit;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _idleWatch = Task.CompletedTask;
    private int _nextConnectionId;
    private int _connectionsAccepted;
    private int _busy;
    private long _lastActivity;
    private int _stopRequested;

    /// <summary>Binds 127.0.0.1 on an ephemeral port; call <see cref="StartListening"/> to begin accepting.</summary>
    private protected LoopbackServer(TimeSpan? idleTimeout)
    {
        var idle = idleTimeout ?? DefaultIdleTimeout;
        if (idle <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idle,
                "The idle timeout must be positive: it is how long the server waits without traffic before it stops by itself. Pass null for the default (60 s).");
        IdleTimeout = idle;
        // Loopback only: a lesson's demo server must never be reachable from the network.
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _onProcessExit = (_, _) => RequestStop();
    }

    /// <summary>Where the server listens: 127.0.0.1 and the port the OS chose.</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The ephemeral port the OS chose.</summary>
    public int Port => EndPoint.Port;

    /// <summary>After this long without traffic (and nothing in progress) the server stops by itself.</summary>
    internal TimeSpan IdleTimeout { get; }

    /// <summary>TCP connections accepted since the start (or the last <see cref="ResetCounters"/>), counted on the server side.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>TCP connections open right now.</summary>
    internal int OpenConnections => _open.Count;

    /// <summary>True until the server has been told to stop (dispose, idle timeout, process exit).</summary>
    internal bool IsRunning => Volatile.Read(ref _stopRequested) == 0;

    /// <summary>Completes once the server has stopped listening and closed every connection.</summary>
    internal Task Stopped => _stopped.Task;

    /// <summary>Sets the counters back to zero, so one server can be measured in several rounds.</summary>
    public virtual void ResetCounters() => Interlocked.Exchange(ref _connectionsAccepted, 0);

    /// <summary>Starts listening and accepting; called once by the subclass's factory.</summary>
    private protected void StartListening()
    {
        _listener.Start(backlog: 512);
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        Touch();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
        // Task.Run: the loops must never depend on the caller's context (a notebook cell, a single-threaded
        // event loop, a test framework's context): a blocked caller would otherwise stall the server too.
        var token = _stopping.Token;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(token));
        _idleWatch = Task.Run(() => IdleWatchAsync(token));
    }

    /// <summary>
    /// Serves one accepted connection until the peer closes it or <paramref name="stopping"/> fires.
    /// <paramref name="connectionNumber"/> counts connections from 1 in the order they were accepted.
    /// </summary>
    private protected abstract Task ServeAsync(Socket socket, int connectionNumber, CancellationToken stopping);

    /// <summary>Marks traffic, so the idle timeout starts again.</summary>
    private protected void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    /// <summary>Marks work in progress until disposed: a long request is not "idle".</summary>
    private protected IDisposable Busy()
    {
        Interlocked.Increment(ref _busy);
        Touch();
        return new BusyScope(this);
    }

    /// <summary>Stops listening, closes every connection and waits for the handlers to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        RequestStop();
        await _stopped.Task.ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private void RequestStop()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) != 0) return;
        _ = StopAsync();
    }

    private async Task StopAsync()
    {
        try
        {
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            _stopping.Cancel();
            _listener.Stop(); // frees the port at once, so a re-run never finds it taken
            foreach (var socket in _open.Values) CloseQuietly(socket);
            // Handlers end promptly once their sockets are closed; the bound only guards against a handler
            // that ignores cancellation, so a notebook cell never hangs on stop.
            var all = Task.WhenAll(_handlers.Values.Append(_acceptLoop).Append(_idleWatch));
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping must not throw: it runs from dispose, a timer and process exit.
        }
        finally
        {
            // _stopping is not disposed: a handler that outlived the bound above may still read its token.
            _stopped.TrySetResult();
        }
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a client that gave up during the handshake; keep serving the others
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true; // small answers go out at once (no Nagle wait)
            Interlocked.Increment(ref _connectionsAccepted);
            Touch();
            var id = Interlocked.Increment(ref _nextConnectionId);
            _open[id] = socket;
            _handlers[id] = Task.Run(() => RunHandlerAsync(id, socket, stopping));
            // Accepted just as the server stopped: StopAsync may have closed the others already.
            if (stopping.IsCancellationRequested) CloseQuietly(socket);
        }
    }

    private async Task RunHandlerAsync(int id, Socket socket, CancellationToken stopping)
    {
        try
        {
            await ServeAsync(socket, id, stopping).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // One broken connection (a reset, a stop mid-request) must never take the server down.
        }
        finally
        {
            CloseQuietly(socket);
            _open.TryRemove(id, out _);
            _handlers.TryRemove(id, out _);
            Touch();
        }
    }

    private async Task IdleWatchAsync(CancellationToken stopping)
    {
        // Check a few times per timeout so the server stops within about 1.25 x the timeout.
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(IdleTimeout.TotalMilliseconds / 4, 10, 1000));
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(tick, stopping).ConfigureAwait(false);
                var quietFor = Environment.TickCount64 - Interlocked.Read(ref _lastActivity);
                if (Volatile.Read(ref _busy) == 0 && quietFor >= IdleTimeout.TotalMilliseconds)
                {
                    RequestStop();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped by someone else
        }
    }

    private static void CloseQuietly(Socket socket)
    {
        try { socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already closed by the peer */ }
        socket.Dispose();
    }

    private sealed class BusyScope(LoopbackServer owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            owner.Touch();
            Interlocked.Decrement(ref owner._busy);
        }
    }
}
