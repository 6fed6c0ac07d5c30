using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Jupyter;

namespace ConcurrencyLab;

/// <summary>
/// The kernel-spec lookup of the kernel's own Jupyter module (<see cref="JupyterKernelSpecModule"/>, as
/// <c>#!connect jupyter</c> creates it: <c>jupyter kernelspec list --json</c>, else JUPYTER_PATH, the user's and the
/// machine's data folders), so a spec found here is the spec the connect starts. The only file of the notebook layer that
/// names a Jupyter type: it is compiled only when called, and the running kernel has the assembly loaded.
/// </summary>
internal sealed class KernelJupyterModule(IJupyterKernelSpecModule module) : IKernelSpecSource
{
    /// <summary>The module <c>#!connect jupyter</c> uses when no Conda environment is named.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IKernelSpecSource Create() => new KernelJupyterModule(new JupyterKernelSpecModule());

    public async Task<IReadOnlyDictionary<string, JupyterKernelSpec>> ListAsync()
    {
        var specs = await module.ListKernelsAsync().ConfigureAwait(false) ?? new Dictionary<string, KernelSpec>();
        return specs.Where(s => s.Value is not null).ToDictionary(
            s => s.Key,
            s => new JupyterKernelSpec(s.Key, s.Value.CommandArguments ?? [], JsonSerializer.Serialize(s.Value)),
            StringComparer.Ordinal);
    }

    /// <summary>The data folder's runtime folder: the module's kernels folder is DATA/kernels, connection files go to DATA/runtime.</summary>
    public string RuntimeDirectory =>
        Path.Combine(module.GetDefaultKernelSpecDirectory().Parent?.FullName ?? Path.GetTempPath(), "runtime");
}
