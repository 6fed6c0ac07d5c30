using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// The delay server's side of a connection (<see cref="LoopbackServer.StartDelayServer"/>): a tiny HTTP/1.1 server,
/// <c>GET /delay/{ms}</c> answers after <c>ms</c> milliseconds. Connections are kept alive, requests may be pipelined,
/// and a malformed request gets an answer and a closed connection while the others are served on.
/// </summary>
internal sealed class DelayHandler : ConnectionHandler
{
    /// <summary>The longest delay a request may ask for, so a typo cannot hang a cell.</summary>
    internal const int MaxDelayMilliseconds = 60_000;

    private int _requestsServed;

    /// <summary>Requests answered with 200 since the start (or the last <see cref="ResetCounters"/>).</summary>
    internal int RequestsServed => Volatile.Read(ref _requestsServed);

    public override void ResetCounters() => Interlocked.Exchange(ref _requestsServed, 0);

    public override async Task ServeAsync(LoopbackServer server, Socket socket, int connectionNumber, CancellationToken stopping)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = new HttpConnectionReader(stream);
        while (!stopping.IsCancellationRequested)
        {
            var (outcome, text) = await reader.ReadHeadAsync(stopping).ConfigureAwait(false);
            if (outcome == HttpConnectionReader.Outcome.Closed) return;
            if (outcome == HttpConnectionReader.Outcome.TooLarge)
            {
                await WriteAsync(stream, 431, "Request Header Fields Too Large", $"The request head is longer than {HttpConnectionReader.MaxHead} bytes.", keepAlive: false, stopping).ConfigureAwait(false);
                await CloseGracefullyAsync(socket, stream, stopping).ConfigureAwait(false);
                return;
            }

            var head = HttpRequestHead.TryParse(text, out var errorStatus, out var errorReason);
            if (head is null)
            {
                // A malformed request gets an answer and a closed connection; the server keeps serving others.
                await WriteAsync(stream, errorStatus, ReasonPhrase(errorStatus), errorReason, keepAlive: false, stopping).ConfigureAwait(false);
                await CloseGracefullyAsync(socket, stream, stopping).ConfigureAwait(false);
                return;
            }
            if (!await reader.SkipBodyAsync(head.ContentLength, stopping).ConfigureAwait(false)) return;

            var (status, body) = await AnswerAsync(server, head, stopping).ConfigureAwait(false);
            // After an error the client's next bytes are suspect: answer, then close the connection.
            var keepAlive = head.KeepAlive && status < 400;
            await WriteAsync(stream, status, ReasonPhrase(status), body, keepAlive, stopping).ConfigureAwait(false);
            if (!keepAlive)
            {
                await CloseGracefullyAsync(socket, stream, stopping).ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task<(int Status, string Body)> AnswerAsync(LoopbackServer server, HttpRequestHead head, CancellationToken stopping)
    {
        if (head.Method != "GET") return (405, "Only GET is served here.");
        var path = head.Target.Split('?', 2)[0].TrimEnd('/');
        if (path is "")
            return (200, "Concurrency Lab delay server. GET /delay/{ms} answers after ms milliseconds.");
        if (!path.StartsWith("/delay/", StringComparison.Ordinal))
            return (404, $"No such endpoint: {path}. Try /delay/100.");
        if (!int.TryParse(path["/delay/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > MaxDelayMilliseconds)
            return (400, $"The delay must be a whole number of milliseconds from 0 to {MaxDelayMilliseconds}, as in /delay/100.");

        using (server.Busy())
            await Task.Delay(ms, stopping).ConfigureAwait(false);
        Interlocked.Increment(ref _requestsServed);
        return (200, $"waited {ms} ms");
    }

    private static async Task WriteAsync(Stream stream, int status, string reason, string body, bool keepAlive, CancellationToken stopping)
    {
        var bytes = Encoding.UTF8.GetBytes(body + "\n");
        var head = $"HTTP/1.1 {status} {reason}\r\n" +
                   "Content-Type: text/plain; charset=utf-8\r\n" +
                   $"Content-Length: {bytes.Length}\r\n" +
                   (status == 405 ? "Allow: GET\r\n" : "") +
                   $"Connection: {(keepAlive ? "keep-alive" : "close")}\r\n\r\n";
        // One write for head and body: two small writes can meet Nagle's algorithm and the client's delayed
        // ACK, which adds about 40 ms to every answer and would swamp the delays the lessons measure.
        var message = new byte[Encoding.ASCII.GetByteCount(head) + bytes.Length];
        var headLength = Encoding.ASCII.GetBytes(head, message);
        bytes.CopyTo(message, headLength);
        await stream.WriteAsync(message, stopping).ConfigureAwait(false);
        await stream.FlushAsync(stopping).ConfigureAwait(false);
    }

    // Closing a socket with unread bytes makes the OS send a reset, which can destroy the answer we just
    // wrote before the client reads it. So: finish our side, then read what the client still sends, briefly.
    private static async Task CloseGracefullyAsync(Socket socket, Stream stream, CancellationToken stopping)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            drain.CancelAfter(TimeSpan.FromSeconds(1));
            var scratch = new byte[8192];
            for (var total = 0; total < 1 << 20;)
            {
                var read = await stream.ReadAsync(scratch, drain.Token).ConfigureAwait(false);
                if (read == 0) return;
                total += read;
            }
        }
        catch (Exception)
        {
            // The client went away first: nothing left to protect.
        }
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    };
}
