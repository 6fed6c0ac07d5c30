using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace ConcurrencyLab.Tests;

/// <summary>Small raw-socket tools for the server tests: what a client sees on the wire.</summary>
internal static class ServersTestKit
{
    /// <summary>Generous upper bound for anything that should happen "at once" on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Requests a delay server answered with 200 since its start or last reset.</summary>
    public static int RequestsServed(this LoopbackServer server) => ((DelayHandler)server.Handler).RequestsServed;

    /// <summary>Bytes an echo server sent back since its start or last reset.</summary>
    public static long BytesEchoed(this LoopbackServer server) => ((EchoHandler)server.Handler).BytesEchoed;

    public static bool IsListening(int port) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(e => e.Port == port);

    public static bool IsListeningOnAnyAddress(int port) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners()
            .Any(e => e.Port == port && (e.Address.Equals(IPAddress.Any) || e.Address.Equals(IPAddress.IPv6Any)));

    /// <summary>True if a TCP connect to 127.0.0.1:port is refused.</summary>
    public static async Task<bool> IsRefusedAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Patience);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Sends raw bytes, then reads until the server closes the connection or <paramref name="until"/> was seen <paramref name="times"/> times.</summary>
    public static async Task<string> RawExchangeAsync(int port, string request, string? until = null, int times = 1)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Patience);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request)).AsTask().WaitAsync(Patience);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (until is null || CountOf(received.ToString(), until) < times)
        {
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Patience);
            if (read == 0) break;
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return received.ToString();
    }

    public static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
