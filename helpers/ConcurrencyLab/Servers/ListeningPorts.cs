using System.Globalization;
using System.Net.NetworkInformation;

namespace ConcurrencyLab;

/// <summary>
/// The TCP ports a process is listening on: how a lesson checks that every server it started has stopped.
/// </summary>
internal static class ListeningPorts
{
    /// <summary>
    /// The ports this process (the kernel running the notebook) is listening on. On Linux these are exactly its own
    /// listening sockets (its open files in /proc/self/fd matched to /proc/self/net/tcp and tcp6), so another program
    /// whose server took a port this process used earlier is not counted. Elsewhere the OS names no owner, so every
    /// listener on the machine is counted.
    /// </summary>
    public static IReadOnlySet<int> OfThisProcess() =>
        OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd")
            ? OwnListenersOnLinux()
            : IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(e => e.Port).ToHashSet();

    private static HashSet<int> OwnListenersOnLinux()
    {
        // A socket's open file links to "socket:[INODE]"; the tables list each socket's inode.
        var ownSockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; } // closed since the listing
            catch (UnauthorizedAccessException) { continue; }
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']'))
                ownSockets.Add(target["socket:[".Length..^1]);
        }

        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/self/net/tcp", "/proc/self/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            // local_address is HEXADDRESS:HEXPORT; state 0A is LISTEN.
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length <= 9 || fields[3] != "0A" || !ownSockets.Contains(fields[9])) continue;
                var local = fields[1];
                if (int.TryParse(local.AsSpan(local.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
                    ports.Add(port);
            }
        }
        return ports;
    }
}
