using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace ConcurrencyLab;

/// <summary>
/// Sends the <c>#!connect</c> that <see cref="PythonKernelConnector"/> makes, and reports how it ended: connected,
/// failed (with the exception) or abandoned after a time limit.
/// <list type="bullet">
/// <item>A failure is caught, so a Python that was found but does not start gives the stand-in instead of failing
/// the cell: a connect sent from inside a cell is that cell's child, and a child's failure lands in the cell's result
/// (Run All would stop there). Only a <c>ConnectKernelCommand</c> that runs inside <see cref="SendAsync"/>'s own async
/// flow is caught; every other command, a learner's own <c>#!connect</c> included, passes untouched.</item>
/// <item>A time limit needs a cancellation token, not <c>Task.WhenAny</c>: the kernel's scheduler runs a child
/// command synchronously on the sending thread, so <c>SendAsync</c> returns no task until the connect has ended. Its
/// token is what the scheduler watches: when it is cancelled the scheduler stops waiting, and the cell can end.</item>
/// </list>
/// The failure is recorded in an object of the attempt itself, carried by an <see cref="AsyncLocal{T}"/>: the
/// scheduler runs the child inline in the sender's execution context, so the middleware sees the attempt it belongs
/// to, and an abandoned attempt that fails later records into its own object, never the current one's. The kernel has
/// no way to remove middleware, so the middleware, added once per root kernel, stays: a static function with no state
/// that does nothing outside a connect.
/// </summary>
internal static class ConnectFailureGuard
{
    private static readonly AsyncLocal<Attempt?> s_current = new();
    private static readonly ConditionalWeakTable<CompositeKernel, object> s_installed = new();

    /// <summary>Sends <paramref name="connect"/> (a cell's <c>#!connect</c> line) and waits at most <paramref name="timeout"/>.</summary>
    public static async Task<ConnectOutcome> SendAsync(CompositeKernel root, SubmitCode connect, TimeSpan timeout)
    {
        s_installed.GetValue(root, kernel =>
        {
            kernel.AddMiddleware(CatchConnectFailureAsync);
            return new object();
        });
        var attempt = new Attempt();
        s_current.Value = attempt;
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await root.SendAsync(connect, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return ConnectOutcome.TimedOut;
        }
        finally
        {
            s_current.Value = null;
        }
        return attempt.Error is { } error ? ConnectOutcome.Failed(error) : ConnectOutcome.Ended;
    }

    private static async Task CatchConnectFailureAsync(KernelCommand command, KernelInvocationContext context, KernelPipelineContinuation next)
    {
        if (command is not ConnectKernelCommand || s_current.Value is not { } attempt)
        {
            await next(command, context).ConfigureAwait(false);
            return;
        }
        try
        {
            await next(command, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            attempt.Record(e); // reported by the stand-in's note instead of failing the cell
        }
    }

    /// <summary>One <see cref="SendAsync"/>: the first exception its connect threw.</summary>
    private sealed class Attempt
    {
        private Exception? _error;

        public Exception? Error => Volatile.Read(ref _error);

        public void Record(Exception error) => Interlocked.CompareExchange(ref _error, error, null);
    }
}

/// <summary>How one <c>#!connect</c> ended. <see cref="Ended"/> does not yet mean a kernel was added: the caller looks.</summary>
internal sealed record ConnectOutcome(bool IsTimedOut, Exception? Error)
{
    public static readonly ConnectOutcome Ended = new(false, null);
    public static readonly ConnectOutcome TimedOut = new(true, null);
    public static ConnectOutcome Failed(Exception error) => new(false, error);
}
