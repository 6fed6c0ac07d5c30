using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using static ConcurrencyLab.Tests.ServersTestKit;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The echo server serves clients at once. Runs alone (no other test class in parallel): a test that blocks pool
/// threads meanwhile would delay the server's and the clients' continuations, and five echoes at once would then take
/// about as long as five in a row whatever the server does.
/// </summary>
[Collection(SerialTimingCollection.Name)]
public class ServersEchoServerTests
{
    [Fact]
    public async Task Every_client_gets_its_own_bytes_back_when_many_talk_at_once()
    {
        await using var server = LoopbackServer.StartEchoServer();
        var payloads = Enumerable.Range(0, 8).Select(i =>
        {
            var bytes = new byte[10_000 + i * 1000]; // bigger than one read, so echoes come back in pieces
            new Random(i).NextBytes(bytes);
            return bytes;
        }).ToArray();

        var echoes = await Task.WhenAll(payloads.Select(p => EchoAsync(server.Port, p))).WaitAsync(Patience);

        for (var i = 0; i < payloads.Length; i++) Assert.Equal(payloads[i], echoes[i]);
        Assert.Equal(8, server.ConnectionsAccepted);
        Assert.Equal(payloads.Sum(p => (long)p.Length), server.BytesEchoed());
    }

    [Fact]
    public async Task Connections_are_served_at_the_same_time_not_one_after_another()
    {
        var timeline = new Timeline("server");
        await using (var server = LoopbackServer.StartEchoServer(timeline: timeline))
        {
            // All clients connect and get one echo before any of them closes: if the server served one
            // connection at a time, the second client would never get its echo while the first stays open.
            var clients = new List<TcpClient>();
            try
            {
                for (var i = 0; i < 4; i++)
                {
                    var client = new TcpClient();
                    clients.Add(client);
                    await client.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Patience);
                    var stream = client.GetStream();
                    await stream.WriteAsync(new[] { (byte)i }).AsTask().WaitAsync(Patience);
                    var one = new byte[1];
                    Assert.Equal(1, await stream.ReadAsync(one).AsTask().WaitAsync(Patience));
                    Assert.Equal((byte)i, one[0]);
                }
            }
            finally
            {
                foreach (var client in clients) client.Dispose();
            }
        }

        var spans = timeline.Spans;
        Assert.Equal(4, spans.Count);
        Assert.Equal(4, spans.Select(s => s.Lane).Distinct().Count());
        Assert.True(spans.Max(s => s.Start) < spans.Min(s => s.End), "the server-side spans of the four connections should overlap");
    }

    [Fact]
    public async Task Several_slow_echoes_at_once_take_about_one_delay_not_the_sum()
    {
        var delay = TimeSpan.FromMilliseconds(200);
        await using var server = LoopbackServer.StartEchoServer(echoDelay: delay);
        await EchoAsync(server.Port, [0]).WaitAsync(Patience); // warm up: the first connection pays for JIT

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) await EchoAsync(server.Port, [(byte)i]).WaitAsync(Patience);
        var oneAfterAnother = clock.Elapsed;
        Assert.Equal(1, server.PeakConcurrentRequests); // each echo was over before the next client wrote

        server.ResetCounters();
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => EchoAsync(server.Port, [(byte)i]))).WaitAsync(Patience);
        var atOnce = clock.Elapsed;

        // Judged by what load cannot fake: the server had several echoes in their delay at once (a count), and so the
        // five together ended sooner than five one after another (an order). Ideally 5x faster; a loaded machine
        // starts some clients late, which shrinks the ratio but not the overlap.
        Assert.InRange(server.PeakConcurrentRequests, 2, 5);
        Assert.True(atOnce < oneAfterAnother, $"one after another {oneAfterAnother.TotalMilliseconds:F0} ms, at once {atOnce.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task An_echo_server_has_no_delay_urls()
    {
        await using var server = LoopbackServer.StartEchoServer();
        var error = Assert.Throws<InvalidOperationException>(() => server.DelayUrl(100));
        Assert.Contains("StartDelayServer", error.Message);
    }

    [Fact]
    public async Task Stops_listening_on_dispose()
    {
        var server = LoopbackServer.StartEchoServer();
        var port = server.Port;
        Assert.Equal(IPAddress.Loopback, server.EndPoint.Address);
        await server.DisposeAsync().AsTask().WaitAsync(Patience);
        Assert.False(IsListening(port));
        Assert.True(await IsRefusedAsync(port));
    }

    [Fact]
    public async Task Stops_by_itself_when_idle()
    {
        var server = LoopbackServer.StartEchoServer(idleTimeout: TimeSpan.FromMilliseconds(150));
        await server.Stopped.WaitAsync(Patience);
        Assert.False(server.IsRunning);
    }

    [Fact]
    public void A_negative_echo_delay_is_refused_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LoopbackServer.StartEchoServer(echoDelay: TimeSpan.FromMilliseconds(-1)));
        Assert.Contains("echo delay", e.Message);
    }

    private static async Task<byte[]> EchoAsync(int port, byte[] payload)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var send = stream.WriteAsync(payload).AsTask();
        var received = new byte[payload.Length];
        var got = 0;
        while (got < received.Length)
        {
            var read = await stream.ReadAsync(received.AsMemory(got));
            if (read == 0) throw new IOException("the server closed the connection before echoing everything");
            got += read;
        }
        await send;
        return received;
    }
}
