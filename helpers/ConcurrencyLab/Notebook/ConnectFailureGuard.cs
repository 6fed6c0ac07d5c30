using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace ConcurrencyLab;

/// <summary>
/// Catches the failure of the one <c>#!connect</c> that <see cref="PythonKernelConnector"/> sends, so a Python that
/// was found but does not start gives the stand-in instead of failing the cell (a connect sent from inside a cell
/// would otherwise fail that whole cell, and Run All would stop there). Installed once per notebook as middleware
/// of the root kernel; it lets every other command through untouched.
/// </summary>
internal sealed class ConnectFailureGuard
{
    private static readonly ConditionalWeakTable<CompositeKernel, ConnectFailureGuard> s_guards = new();
    private bool _armed;

    public static ConnectFailureGuard For(CompositeKernel root) => s_guards.GetValue(root, kernel =>
    {
        var guard = new ConnectFailureGuard();
        kernel.AddMiddleware(guard.OnCommandAsync);
        return guard;
    });

    /// <summary>Sends <paramref name="command"/>; returns the exception a connect inside it threw, or null.</summary>
    public async Task<Exception?> SendAsync(CompositeKernel root, KernelCommand command)
    {
        Caught = null;
        _armed = true;
        try
        {
            await root.SendAsync(command).ConfigureAwait(false);
        }
        finally
        {
            _armed = false;
        }
        return Caught;
    }

    private Exception? Caught { get; set; }

    private async Task OnCommandAsync(KernelCommand command, KernelInvocationContext context, KernelPipelineContinuation next)
    {
        if (!_armed || command is not ConnectKernelCommand)
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
            Caught = e; // reported by the stand-in's note instead of failing the cell
        }
    }
}
