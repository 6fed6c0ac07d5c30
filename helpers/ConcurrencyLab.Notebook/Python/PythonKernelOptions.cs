namespace ConcurrencyLab;

/// <summary>How <see cref="PythonKernel"/> connects: names, where specs are found, what it puts on sys.path, time limits.</summary>
/// <param name="KernelName">The name Python cells use (<c>#!python</c>).</param>
/// <param name="KernelSpec">The Jupyter kernel spec to start.</param>
/// <param name="HelpersPythonDirectory">helpers/python, put on the Python kernel's sys.path; null when not found.</param>
/// <param name="AttemptTimeout">How long one <c>#!connect jupyter</c> (and one sys.path try) may take before it is
/// abandoned (default 30 s; a connect takes 4-8 s on 2 cores).</param>
/// <param name="Attempts">How many connects (and sys.path tries) at most (default 3).</param>
/// <param name="Specs">Where specs are found; null: the kernel's own Jupyter module, as <c>#!connect jupyter</c>.</param>
/// <param name="SetupAllowance">What <see cref="OverallLimit"/> allows beyond the attempts (default 10 s).</param>
internal sealed record PythonKernelOptions(
    string KernelName,
    string KernelSpec,
    string? HelpersPythonDirectory,
    TimeSpan? AttemptTimeout = null,
    int Attempts = 3,
    IKernelSpecSource? Specs = null,
    TimeSpan? SetupAllowance = null)
{
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultSetupAllowance = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectAttemptTimeout => AttemptTimeout ?? DefaultAttemptTimeout;

    /// <summary>
    /// The one limit of the whole connect: Attempts × AttemptTimeout + SetupAllowance (100 s by default, inside the
    /// runner's 120 s cell limit). The spec list, the Python check (1 min at most), every connect and every sys.path try
    /// share it: whatever is still waiting when it has passed is abandoned and the stand-in, or the connected kernel
    /// without helpers/python on sys.path, is what the cell gets.
    /// </summary>
    public TimeSpan OverallLimit => Attempts * ConnectAttemptTimeout + (SetupAllowance ?? DefaultSetupAllowance);
}
