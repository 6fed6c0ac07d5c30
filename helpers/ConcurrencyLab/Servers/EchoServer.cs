using System.Net.Sockets;

namespace ConcurrencyLab;

/// <summary>
/// A TCP echo server on 127.0.0.1, the C# twin of asyncio's <c>start_server(echo_handler, ...)</c>: every
/// client gets its own bytes back, and many clients are served at once because each connection is one
/// async handler (no thread held while it waits for bytes).
/// </summary>
public sealed class EchoServer : LoopbackServer
{
    private readonly TimeSpan _echoDelay;
    private readonly Timeline? _timeline;
    private long _bytesEchoed;

    private EchoServer(TimeSpan echoDelay, Timeline? timeline, TimeSpan? idleTimeout) : base(idleTimeout)
    {
        _echoDelay = echoDelay;
        _timeline = timeline;
    }

    /// <summary>
    /// Starts an echo server on 127.0.0.1 and a free port. <paramref name="echoDelay"/> makes it wait before
    /// each echo (slow work, so overlapping clients show on a chart); <paramref name="timeline"/>, if given,
    /// records one span per connection on the server side ("connection N"). It stops when disposed, after
    /// <paramref name="idleTimeout"/> without traffic (default 60 s), or when the process exits.
    /// </summary>
    public static EchoServer Start(TimeSpan? echoDelay = null, Timeline? timeline = null, TimeSpan? idleTimeout = null)
    {
        var delay = echoDelay ?? TimeSpan.Zero;
        if (delay < TimeSpan.Zero || delay > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(echoDelay), delay,
                "The echo delay must be between zero and one minute; lessons use about 100 ms to stand for a second.");
        var server = new EchoServer(delay, timeline, idleTimeout);
        server.StartListening();
        return server;
    }

    /// <summary>Bytes sent back to clients since the start (or the last <see cref="ResetCounters"/>).</summary>
    internal long BytesEchoed => Interlocked.Read(ref _bytesEchoed);

    /// <inheritdoc/>
    public override void ResetCounters()
    {
        base.ResetCounters();
        Interlocked.Exchange(ref _bytesEchoed, 0);
    }

    /// <inheritdoc/>
    private protected override async Task ServeAsync(Socket socket, int connectionNumber, CancellationToken stopping)
    {
        var lane = $"connection {connectionNumber}";
        using var span = _timeline?.Span("serving", lane, SpanKind.Waiting);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var buffer = new byte[4096];
        while (true)
        {
            // Like `data = await reader.read(1024)`: no thread is held while the client is quiet.
            var read = await stream.ReadAsync(buffer, stopping).ConfigureAwait(false);
            if (read == 0) return; // the client closed its side: we are done, as `if not data: break`
            using (Busy())
            {
                if (_echoDelay > TimeSpan.Zero) await Task.Delay(_echoDelay, stopping).ConfigureAwait(false);
                await stream.WriteAsync(buffer.AsMemory(0, read), stopping).ConfigureAwait(false);
                Interlocked.Add(ref _bytesEchoed, read);
            }
        }
    }
}
