namespace ConcurrencyLab;

/// <summary>One Jupyter kernel spec: its name, the command that starts it, and its kernel.json as found.</summary>
/// <param name="Name">The spec's name (its folder's name).</param>
/// <param name="Argv">The command, <c>{connection_file}</c> where the kernel puts the connection file.</param>
/// <param name="KernelJson">The spec's kernel.json (display name, language, env...), or null when not known.</param>
internal sealed record JupyterKernelSpec(string Name, IReadOnlyList<string> Argv, string? KernelJson = null);

/// <summary>
/// Where <see cref="PythonKernel"/> finds kernel specs and the folder of connection files: in a notebook, the kernel's own
/// Jupyter module (<see cref="KernelJupyterModule"/>), exactly what <c>#!connect jupyter</c> uses; in tests, a stand-in.
/// </summary>
internal interface IKernelSpecSource
{
    /// <summary>The installed specs by name.</summary>
    Task<IReadOnlyDictionary<string, JupyterKernelSpec>> ListAsync();

    /// <summary>The folder where <c>#!connect jupyter</c> writes each kernel's connection file (kernel-GUID.json).</summary>
    string RuntimeDirectory { get; }
}
