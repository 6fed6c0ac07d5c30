using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ConcurrencyLab;

/// <summary>
/// A demo server for the lessons, on 127.0.0.1 only and a port the OS picks (port 0, so two runs never fight over
/// a port): <see cref="StartDelayServer"/> answers <c>GET /delay/{ms}</c> after <c>ms</c> milliseconds, like
/// httpbin.org's /delay but offline; <see cref="StartEchoServer"/> sends every client its own bytes back, like
/// asyncio's <c>start_server(echo_handler, ...)</c>. Either accepts many connections at once (one async handler each,
/// no thread held while it waits), counts them and the requests in progress, and stops on <c>await using</c>, after an
/// idle timeout, or when the process exits. <see cref="ListeningPortsOfThisProcess"/> tells whether any port is still
/// listened on.
/// <code>
/// await using (var server = LoopbackServer.StartDelayServer())
/// {
///     var text = await client.GetStringAsync(server.DelayUrl(100));
/// }
/// </code>
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    /// <summary>How long a server waits without any traffic before it stops by itself, unless told otherwise.</summary>
    internal static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    private readonly ConnectionHandler _handler;
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
    private int _peakBusy;
    private long _lastActivity;
    private int _stopRequested;

    /// <summary>Binds 127.0.0.1 on an ephemeral port; call <see cref="StartListening"/> to begin accepting.</summary>
    private LoopbackServer(ConnectionHandler handler, TimeSpan? idleTimeout)
    {
        _handler = handler;
        var idle = idleTimeout ?? DefaultIdleTimeout;
        if (idle <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idle,
                "The idle timeout must be positive: it is how long the server waits without traffic before it stops by itself. Pass null for the default (60 s).");
        IdleTimeout = idle;
        // Loopback only: a lesson's demo server must never be reachable from the network.
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _onProcessExit = (_, _) => RequestStop();
    }

    /// <summary>
    /// Starts an HTTP/1.1 server on 127.0.0.1 and a free port: <c>GET /delay/{ms}</c> answers after <c>ms</c>
    /// milliseconds (see <see cref="DelayUrl"/>). Connections are kept alive, so a pooled
    /// <see cref="System.Net.Http.HttpClient"/> reuses them, and <see cref="ConnectionsAccepted"/> shows what pooling
    /// saves. It stops when disposed (<c>await using</c>), after <paramref name="idleTimeout"/> without traffic
    /// (default 60 s), or when the process exits.
    /// </summary>
    public static LoopbackServer StartDelayServer(TimeSpan? idleTimeout = null) => Start(new DelayHandler(), idleTimeout);

    /// <summary>
    /// Starts a TCP echo server on 127.0.0.1 and a free port: every client gets its own bytes back.
    /// <paramref name="echoDelay"/> makes it wait before each echo (slow work, so overlapping clients show on a chart);
    /// <paramref name="timeline"/>, if given, records one span per connection on the server side ("connection N").
    /// It stops when disposed, after <paramref name="idleTimeout"/> without traffic (default 60 s), or when the process exits.
    /// </summary>
    public static LoopbackServer StartEchoServer(TimeSpan? echoDelay = null, Timeline? timeline = null, TimeSpan? idleTimeout = null)
    {
        var delay = echoDelay ?? TimeSpan.Zero;
        if (delay < TimeSpan.Zero || delay > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(echoDelay), delay,
                "The echo delay must be between zero and one minute; lessons use about 100 ms to stand for a second.");
        return Start(new EchoHandler(delay, timeline), idleTimeout);
    }

    /// <summary>
    /// The TCP ports this process (the kernel running the notebook) is listening on: how a lesson checks that every
    /// server it started has stopped. On Linux these are exactly its own listening sockets, so another program whose
    /// server took a port this process used earlier is not counted; elsewhere the OS names no owner, so every
    /// listener on the machine is counted.
    /// </summary>
    public static IReadOnlySet<int> ListeningPortsOfThisProcess() => ListeningPorts.OfThisProcess();

    private static LoopbackServer Start(ConnectionHandler handler, TimeSpan? idleTimeout)
    {
        var server = new LoopbackServer(handler, idleTimeout);
        server.StartListening();
        return server;
    }

    /// <summary>Where the server listens: 127.0.0.1 and the port the OS chose.</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The ephemeral port the OS chose.</summary>
    public int Port => EndPoint.Port;

    /// <summary>After this long without traffic (and nothing in progress) the server stops by itself.</summary>
    internal TimeSpan IdleTimeout { get; }

    /// <summary>TCP connections accepted since the start (or the last <see cref="ResetCounters"/>), counted on the server side.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>
    /// The most requests in progress at the same moment since the start (or the last <see cref="ResetCounters"/>): HTTP
    /// requests waiting out their delay, or echoes waiting out theirs. What "at most 3 at a time" is checked against.
    /// </summary>
    public int PeakConcurrentRequests => Volatile.Read(ref _peakBusy);

    /// <summary>
    /// The address of an endpoint of a delay server (<see cref="StartDelayServer"/>) that answers after
    /// <paramref name="milliseconds"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This server echoes (<see cref="StartEchoServer"/>): it has no URLs.</exception>
    public Uri DelayUrl(int milliseconds)
    {
        if (_handler is not DelayHandler)
            throw new InvalidOperationException("This is an echo server: it speaks raw TCP, not HTTP. Start a delay server with LoopbackServer.StartDelayServer() for DelayUrl.");
        if (milliseconds is < 0 or > DelayHandler.MaxDelayMilliseconds)
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds,
                $"The delay must be between 0 and {DelayHandler.MaxDelayMilliseconds} ms; lessons use about 100 ms to stand for a second.");
        return new Uri(BaseAddress, $"delay/{milliseconds}");
    }

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    internal Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>How this server serves a connection (delay or echo), with its own counters.</summary>
    internal ConnectionHandler Handler => _handler;

    /// <summary>TCP connections open right now.</summary>
    internal int OpenConnections => _open.Count;

    /// <summary>True until the server has been told to stop (dispose, idle timeout, process exit).</summary>
    internal bool IsRunning => Volatile.Read(ref _stopRequested) == 0;

    /// <summary>Completes once the server has stopped listening and closed every connection.</summary>
    internal Task Stopped => _stopped.Task;

    /// <summary>
    /// Sets the counters back to zero, so one server can be measured in several rounds (the peak of requests starts
    /// again from those in progress now).
    /// </summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _connectionsAccepted, 0);
        Interlocked.Exchange(ref _peakBusy, Volatile.Read(ref _busy));
        _handler.ResetCounters();
    }

    /// <summary>Starts listening and accepting; called once by the factory.</summary>
    private void StartListening()
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

    /// <summary>Marks traffic, so the idle timeout starts again.</summary>
    internal void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    /// <summary>Marks a request in progress until disposed: a long request is not "idle", and it counts towards <see cref="PeakConcurrentRequests"/>.</summary>
    internal IDisposable Busy()
    {
        RaisePeak(Interlocked.Increment(ref _busy));
        Touch();
        return new BusyScope(this);
    }

    private void RaisePeak(int now)
    {
        var peak = Volatile.Read(ref _peakBusy);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakBusy, now, peak);
            if (seen == peak) return;
            peak = seen;
        }
    }

    /// <summary>Stops listening, closes every connection and waits for the handlers to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        RequestStop();
        await _stopped.Task.ConfigureAwait(false);
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
            await _handler.ServeAsync(this, socket, id, stopping).ConfigureAwait(false);
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
