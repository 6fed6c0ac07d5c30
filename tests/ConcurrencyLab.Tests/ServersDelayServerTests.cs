using System.Diagnostics;
using System.Net;
using static ConcurrencyLab.Tests.ServersTestKit;

namespace ConcurrencyLab.Tests;

public class ServersDelayServerTests
{
    [Fact]
    public async Task Binds_loopback_only_on_an_ephemeral_port()
    {
        await using var server = LoopbackServer.StartDelayServer();
        Assert.Equal(IPAddress.Loopback, server.EndPoint.Address);
        Assert.NotEqual(0, server.Port);
        Assert.Equal($"http://127.0.0.1:{server.Port}/", server.BaseAddress.ToString());
        Assert.True(IsListening(server.Port));
        Assert.False(IsListeningOnAnyAddress(server.Port));
    }

    [Fact]
    public async Task Answers_a_delay_request_after_the_delay()
    {
        await using var server = LoopbackServer.StartDelayServer();
        using var client = new HttpClient();
        var clock = Stopwatch.StartNew();
        var text = await client.GetStringAsync(server.DelayUrl(80)).WaitAsync(Patience);
        Assert.Equal("waited 80 ms\n", text);
        Assert.True(clock.ElapsedMilliseconds >= 70, $"answered after {clock.ElapsedMilliseconds} ms, before the 80 ms delay");
        Assert.Equal(1, server.RequestsServed());
    }

    [Fact]
    public async Task A_shared_client_reuses_one_connection_while_a_client_per_request_opens_one_each()
    {
        await using var server = LoopbackServer.StartDelayServer();
        using (var shared = new HttpClient())
        {
            for (var i = 0; i < 5; i++) await shared.GetStringAsync(server.DelayUrl(0)).WaitAsync(Patience);
        }
        Assert.Equal(1, server.ConnectionsAccepted);

        server.ResetCounters();
        for (var i = 0; i < 5; i++)
        {
            using var own = new HttpClient();
            await own.GetStringAsync(server.DelayUrl(0)).WaitAsync(Patience);
        }
        Assert.Equal(5, server.ConnectionsAccepted);
        Assert.Equal(5, server.RequestsServed());
    }

    [Fact]
    public async Task Serves_concurrent_requests_at_the_same_time_and_records_the_peak()
    {
        await using var server = LoopbackServer.StartDelayServer();
        using var client = new HttpClient();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetStringAsync(server.DelayUrl(500)))).WaitAsync(Patience);
        Assert.InRange(server.PeakConcurrentRequests, 2, 6);
        Assert.Equal(6, server.RequestsServed());
    }

    [Fact]
    public async Task Sequential_requests_never_overlap_on_the_server()
    {
        await using var server = LoopbackServer.StartDelayServer();
        using var client = new HttpClient();
        for (var i = 0; i < 3; i++) await client.GetStringAsync(server.DelayUrl(20)).WaitAsync(Patience);
        Assert.Equal(1, server.PeakConcurrentRequests);
    }

    [Fact]
    public async Task Stops_listening_and_closes_connections_on_dispose()
    {
        var server = LoopbackServer.StartDelayServer();
        var port = server.Port;
        using var client = new HttpClient();
        await client.GetStringAsync(server.DelayUrl(0)).WaitAsync(Patience); // leaves a kept-alive connection open
        Assert.Equal(1, server.OpenConnections);

        await server.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.False(server.IsRunning);
        Assert.True(server.Stopped.IsCompleted);
        Assert.Equal(0, server.OpenConnections);
        Assert.False(IsListening(port));
        Assert.True(await IsRefusedAsync(port));
    }

    [Fact]
    public async Task Dispose_during_a_long_request_ends_it_instead_of_waiting()
    {
        var server = LoopbackServer.StartDelayServer();
        using var client = new HttpClient();
        var pending = client.GetStringAsync(server.DelayUrl(DelayHandler.MaxDelayMilliseconds));
        while (server.PeakConcurrentRequests == 0) await Task.Delay(10).WaitAsync(Patience);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync().AsTask().WaitAsync(Patience);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");
        await Assert.ThrowsAsync<HttpRequestException>(() => pending.WaitAsync(Patience));
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        var server = LoopbackServer.StartDelayServer();
        await server.DisposeAsync();
        await server.DisposeAsync().AsTask().WaitAsync(Patience);
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task Stops_by_itself_after_the_idle_timeout()
    {
        var server = LoopbackServer.StartDelayServer(idleTimeout: TimeSpan.FromMilliseconds(200));
        var port = server.Port;
        await server.Stopped.WaitAsync(Patience);
        Assert.False(server.IsRunning);
        Assert.True(await IsRefusedAsync(port));
    }

    [Fact]
    public async Task A_request_in_progress_is_not_idle()
    {
        // The idle clock starts with the server, so on a busy machine a server may stop, rightly, before the request
        // reached it (not yet connected, or connected but not yet read): that server answered nothing, says nothing
        // about a request in progress, and a fresh one is tried. A server that stopped during the request had begun
        // answering it (its peak of requests in progress is 1): that fails at once.
        for (var attempt = 1; ; attempt++)
        {
            await using var server = LoopbackServer.StartDelayServer(idleTimeout: TimeSpan.FromMilliseconds(150));
            using var client = new HttpClient();
            try
            {
                var text = await client.GetStringAsync(server.DelayUrl(600)).WaitAsync(Patience);
                Assert.Equal("waited 600 ms\n", text);
                return;
            }
            catch (HttpRequestException) when (attempt < 10 && server.PeakConcurrentRequests == 0 && !server.IsRunning)
            {
                // Stopped for idleness before the request arrived.
            }
        }
    }

    [Theory]
    [InlineData("hello\r\n\r\n")]
    [InlineData("GET /delay/1 HTTP/1.1\r\nno colon here\r\n\r\n")]
    [InlineData("GET delay HTTP/1.1\r\n\r\n")]
    [InlineData("GET /delay/1 HTTP/1.1\r\nContent-Length: many\r\n\r\n")]
    [InlineData("GET /delay/abc HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /delay/99999999 HTTP/1.1\r\nHost: x\r\n\r\n")]
    public async Task A_malformed_request_gets_400_and_the_server_keeps_serving(string request)
    {
        await using var server = LoopbackServer.StartDelayServer();
        var answer = await RawExchangeAsync(server.Port, request);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);

        using var client = new HttpClient();
        Assert.Equal("waited 1 ms\n", await client.GetStringAsync(server.DelayUrl(1)).WaitAsync(Patience));
        Assert.True(server.IsRunning);
    }

    [Fact]
    public async Task An_oversized_head_gets_431_not_an_unbounded_buffer()
    {
        await using var server = LoopbackServer.StartDelayServer();
        var answer = await RawExchangeAsync(server.Port, "GET / HTTP/1.1\r\nX-Big: " + new string('a', 20_000) + "\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 431 ", answer);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_get_404_and_405()
    {
        await using var server = LoopbackServer.StartDelayServer();
        Assert.StartsWith("HTTP/1.1 404 ", await RawExchangeAsync(server.Port, "GET /nothing HTTP/1.1\r\nConnection: close\r\n\r\n"));
        var post = await RawExchangeAsync(server.Port, "POST /delay/1 HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
        Assert.StartsWith("HTTP/1.1 405 ", post);
        Assert.Contains("Allow: GET\r\n", post);
    }

    [Fact]
    public async Task Pipelined_requests_on_one_connection_are_all_answered_in_order()
    {
        await using var server = LoopbackServer.StartDelayServer();
        var answer = await RawExchangeAsync(server.Port,
            "GET /delay/30 HTTP/1.1\r\nHost: x\r\n\r\nGET /delay/1 HTTP/1.1\r\nHost: x\r\n\r\n", until: "waited", times: 2);
        Assert.True(answer.IndexOf("waited 30 ms", StringComparison.Ordinal) < answer.IndexOf("waited 1 ms", StringComparison.Ordinal), answer);
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Http10_without_keep_alive_gets_its_connection_closed()
    {
        await using var server = LoopbackServer.StartDelayServer();
        // RawExchangeAsync without `until` returns only when the server closes the connection.
        var answer = await RawExchangeAsync(server.Port, "GET /delay/1 HTTP/1.0\r\n\r\n");
        Assert.Contains("Connection: close\r\n", answer);
        Assert.EndsWith("waited 1 ms\n", answer);
    }

    [Fact]
    public void Bad_arguments_say_what_to_change()
    {
        var idle = Assert.Throws<ArgumentOutOfRangeException>(() => LoopbackServer.StartDelayServer(idleTimeout: TimeSpan.Zero));
        Assert.Contains("idle timeout must be positive", idle.Message);
    }

    [Fact]
    public async Task DelayUrl_refuses_delays_out_of_range()
    {
        await using var server = LoopbackServer.StartDelayServer();
        Assert.Throws<ArgumentOutOfRangeException>(() => server.DelayUrl(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.DelayUrl(DelayHandler.MaxDelayMilliseconds + 1));
        Assert.EndsWith("/delay/100", server.DelayUrl(100).ToString());
    }
}
