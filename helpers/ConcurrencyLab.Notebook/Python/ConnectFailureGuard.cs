using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace ConcurrencyLab;

/// <summary>
/// Sends the <c>#!connect</c> that <see cref="PythonKernelConnector"/> makes, and reports how it ended: connected,
/// failed (with the exception) or abandoned after a time limit.
/// <list type="bullet">
/// <item>A failure is caught, so a Python that was found but does not start gives the stand-in instead of failing
/// the cell (a connect sent from inside a cell would otherwise fail that whole cell, and Run All would stop there).
/// Installed once per notebook as middleware of the root kernel; every other command passes untouched.</item>
/// <item>A time limit needs a cancellation token, not <c>Task.WhenAny</c>: a command sent from inside a cell runs as
/// the cell's child, and the kernel's scheduler runs a child synchronously (<c>Task.WaitAny</c> on the sending thread),
/// so <c>SendAsync</c> returns no task until the connect has ended. Its token is what the scheduler watches: when it
/// is cancelled the scheduler stops waiting, and the cell (which waits for its children) can end.</item>
/// </list>
/// </summary>
internal sealed class ConnectFailureGuard
{
    private static readonly ConditionalWeakTable<CompositeKernel, ConnectFailureGuard> s_guards = new();

    // The connect being sent now, and what its ConnectKernelCommand threw. An abandoned connect that fails later
    // belongs to an earlier SubmitCode, so it cannot be mistaken for the current one.
    private SubmitCode? _armed;
    private (SubmitCode Submit, Exception Error)? _caught;

    public static ConnectFailureGuard For(CompositeKernel root) => s_guards.GetValue(root, kernel =>
    {
        var guard = new ConnectFailureGuard();
        kernel.AddMiddleware(guard.OnCommandAsync);
        return guard;
    });

    /// <summary>Sends <paramref name="connect"/> (a cell's <c>#!connect</c> line) and waits at most <paramref name="timeout"/>.</summary>
    public async Task<ConnectOutcome> SendAsync(CompositeKernel root, SubmitCode connect, TimeSpan timeout)
    {
        _armed = connect;
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
            _armed = null;
        }
        return _caught is { } caught && ReferenceEquals(caught.Submit, connect)
            ? ConnectOutcome.Failed(caught.Error)
            : ConnectOutcome.Ended;
    }

    private async Task OnCommandAsync(KernelCommand command, KernelInvocationContext context, KernelPipelineContinuation next)
    {
        if (_armed is not { } armed || command is not ConnectKernelCommand || !ReferenceEquals(command.Parent, armed))
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
            _caught = (armed, e); // reported by the stand-in's note instead of failing the cell
        }
    }
}

/// <summary>How one <c>#!connect</c> ended. <see cref="Ended"/> does not yet mean a kernel was added: the caller looks.</summary>
internal sealed record ConnectOutcome(bool IsTimedOut, Exception? Error)
{
    public static readonly ConnectOutcome Ended = new(false, null);
    public static readonly ConnectOutcome TimedOut = new(true, null);
    public static ConnectOutcome Failed(Exception error) => new(false, error);
}
