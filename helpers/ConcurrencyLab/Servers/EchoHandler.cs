using System.Net.Sockets;

namespace ConcurrencyLab;

/// <summary>
/// The echo server's side of a connection (<see cref="LoopbackServer.StartEchoServer"/>), the C# twin of asyncio's
/// <c>start_server(echo_handler, ...)</c>: the client gets its own bytes back, after <c>echoDelay</c>; many clients are
/// served at once because each connection is one async handler (no thread held while it waits for bytes).
/// </summary>
internal sealed class EchoHandler(TimeSpan echoDelay, Timeline? timeline) : ConnectionHandler
{
    private long _bytesEchoed;

    /// <summary>Bytes sent back to clients since the start (or the last <see cref="ResetCounters"/>).</summary>
    internal long BytesEchoed => Interlocked.Read(ref _bytesEchoed);

    public override void ResetCounters() => Interlocked.Exchange(ref _bytesEchoed, 0);

    public override async Task ServeAsync(LoopbackServer server, Socket socket, int connectionNumber, CancellationToken stopping)
    {
        var lane = $"connection {connectionNumber}";
        using var span = timeline?.Span("serving", lane, SpanKind.Waiting);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var buffer = new byte[4096];
        while (true)
        {
            // Like `data = await reader.read(1024)`: no thread is held while the client is quiet.
            var read = await stream.ReadAsync(buffer, stopping).ConfigureAwait(false);
            if (read == 0) return; // the client closed its side: we are done, as `if not data: break`
            // The echo's work (its delay) is what counts as a request in progress. The mark ends before the write, so
            // a client holding its echo never overlaps the request it just finished: one client after another peaks at 1.
            using (server.Busy())
            {
                if (echoDelay > TimeSpan.Zero) await Task.Delay(echoDelay, stopping).ConfigureAwait(false);
            }
            await stream.WriteAsync(buffer.AsMemory(0, read), stopping).ConfigureAwait(false);
            Interlocked.Add(ref _bytesEchoed, read);
        }
    }
}
