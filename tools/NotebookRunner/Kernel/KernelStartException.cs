namespace NotebookRunner.Kernel;

/// <summary>The kernel could not be started: no tool manifest, a tool that cannot be restored, or a process that
/// died or hung before it was ready. The message says what to do.</summary>
internal sealed class KernelStartException(string message) : Exception(message);
