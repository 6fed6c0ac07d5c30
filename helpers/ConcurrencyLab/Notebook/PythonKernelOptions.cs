namespace ConcurrencyLab;

/// <summary>How <see cref="PythonKernel"/> connects: names, where it looks for kernel specs, what it puts on sys.path.</summary>
internal sealed record PythonKernelOptions(string KernelName, string KernelSpec, JupyterLookup Lookup, string? HelpersPythonDirectory);
