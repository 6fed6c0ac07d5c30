namespace ConcurrencyLab;

/// <summary>How <see cref="PythonKernel"/> connects: names, where it looks for kernel specs, what it puts on sys.path.</summary>
/// <param name="KernelName">The name Python cells use (<c>#!python</c>).</param>
/// <param name="KernelSpec">The Jupyter kernel spec to start.</param>
/// <param name="Lookup">Where kernel specs and the <c>jupyter</c> command are looked for.</param>
/// <param name="HelpersPythonDirectory">helpers/python, put on the Python kernel's sys.path; null when not found.</param>
/// <param name="AttemptTimeout">How long one <c>#!connect jupyter</c> may take before it is abandoned (default 30 s;
/// a connect takes 4-8 s on 2 cores).</param>
/// <param name="Attempts">How many connects are tried before the stand-in takes over (default 3: 90 s at most,
/// inside the runner's 120 s cell limit).</param>
internal sealed record PythonKernelOptions(
    string KernelName,
    string KernelSpec,
    JupyterLookup Lookup,
    string? HelpersPythonDirectory,
    TimeSpan? AttemptTimeout = null,
    int Attempts = 3)
{
    public TimeSpan ConnectAttemptTimeout => AttemptTimeout ?? TimeSpan.FromSeconds(30);
}
