using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// Resolves Microsoft.DotNet.Interactive.Jupyter, which no package publishes, from the restored dotnet-interactive tool
/// (as <see cref="GenuineJupyter"/> loads it): the assembly the notebook layer's spec lookup runs in a notebook.
/// Assembly.LoadFrom, so its own dependencies resolve from the tool's folder and a later LoadFrom of the same file
/// gets the same assembly.
/// </summary>
internal static class JupyterFromTheTool
{
    private const string AssemblyName = "Microsoft.DotNet.Interactive.Jupyter";

    [ModuleInitializer]
    internal static void Register() => AssemblyLoadContext.Default.Resolving += (_, name) =>
        name.Name == AssemblyName && GenuineJupyter.ToolFolder().Folder is { } tool
            ? Assembly.LoadFrom(Path.Combine(tool, AssemblyName + ".dll"))
            : null;
}
