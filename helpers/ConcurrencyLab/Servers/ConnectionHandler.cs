using System.Net.Sockets;

namespace ConcurrencyLab;

/// <summary>
/// What a <see cref="LoopbackServer"/> does with each connection it accepts: answer HTTP delay requests
/// (<see cref="DelayHandler"/>) or echo bytes (<see cref="EchoHandler"/>). The server listens, counts and stops; its
/// handler serves.
/// </summary>
internal abstract class ConnectionHandler
{
    /// <summary>
    /// Serves one accepted connection until the peer closes it or <paramref name="stopping"/> fires.
    /// <paramref name="connectionNumber"/> counts connections from 1 in the order they were accepted. Work in
    /// progress is marked with <see cref="LoopbackServer.Busy"/>, so the server is not idle meanwhile.
    /// </summary>
    public abstract Task ServeAsync(LoopbackServer server, Socket socket, int connectionNumber, CancellationToken stopping);

    /// <summary>Sets the handler's own counters back to zero (the server resets its own).</summary>
    public virtual void ResetCounters() { }
}
