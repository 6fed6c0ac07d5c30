namespace ConcurrencyLab;

/// <summary>
/// What <see cref="PythonKernel.ConnectAsync(string, string, TimeSpan?)"/> did: connected the genuine Python kernel, added the
/// stand-in that says what to install, or neither (not inside a .NET Interactive notebook). Prints as one line.
/// </summary>
/// <param name="IsConnected">A real Python (ipykernel) answers the Python cells.</param>
/// <param name="IsStandIn">The stand-in answers them with <see cref="PythonKernel.InstallHint"/>-style notes.</param>
/// <param name="KernelName">The kernel's name in the notebook ("python": cells start with <c>#!python</c>).</param>
/// <param name="Message">One line saying what happened and why.</param>
public sealed record PythonKernelStatus(bool IsConnected, bool IsStandIn, string KernelName, string Message)
{
    public override string ToString() => Message;
}
