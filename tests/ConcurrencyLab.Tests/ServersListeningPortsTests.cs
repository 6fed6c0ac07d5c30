using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ConcurrencyLab.Tests;

public class ServersListeningPortsTests
{
    [Fact]
    public async Task A_server_of_this_process_is_listed_while_it_listens_and_gone_once_stopped()
    {
        int port;
        await using (var server = LoopbackServer.StartDelayServer())
        {
            port = server.Port;
            Assert.Contains(port, LoopbackServer.ListeningPortsOfThisProcess());
        }
        Assert.DoesNotContain(port, LoopbackServer.ListeningPortsOfThisProcess());
    }

    [SkippableFact]
    public void An_ipv6_listener_is_listed_too()
    {
        Skip.IfNot(Socket.OSSupportsIPv6, "this machine has no IPv6");
        var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        try { listener.Start(); }
        catch (SocketException e) { Skip.If(true, $"::1 cannot be bound here: {e.Message}"); }
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try { Assert.Contains(port, LoopbackServer.ListeningPortsOfThisProcess()); }
        finally { listener.Stop(); }
        Assert.DoesNotContain(port, LoopbackServer.ListeningPortsOfThisProcess());
    }

    [SkippableFact]
    public void On_linux_another_process_listening_is_not_counted_though_the_machine_lists_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "only Linux names the process that owns a socket: elsewhere every listener counts");
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\nprint(s.getsockname()[1], flush=True)\ntime.sleep(60)" })
            start.ArgumentList.Add(arg);
        using var other = Process.Start(start)!;
        try
        {
            var port = int.Parse(other.StandardOutput.ReadLine()!);
            Assert.Contains(port, IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(e => e.Port));
            Assert.DoesNotContain(port, LoopbackServer.ListeningPortsOfThisProcess());
        }
        finally
        {
            other.Kill(); // this test's own child, known by its handle
            other.WaitForExit();
        }
    }
}
