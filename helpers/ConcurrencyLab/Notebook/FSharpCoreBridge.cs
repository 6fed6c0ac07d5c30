using System.Reflection;
using System.Runtime.Loader;

namespace ConcurrencyLab;

/// <summary>
/// Lets Plotly.NET load in the .NET Interactive kernel. Plotly.NET 6.0.0 is compiled against FSharp.Core
/// 10.1.0.0; the final kernel ships and has already loaded FSharp.Core 10.0.0.0, and the runtime will not bind
/// a request for 10.1 to it on its own, so the first chart fails with "Could not load file or assembly
/// 'FSharp.Core, Version=10.1.0.0'". A resolving handler hands back the copy already loaded (measured: Plotly.NET
/// and Plotly.NET.Interactive then work, charts render inline). Only a request of the same major version is
/// bridged: a different major version is a different library, and gets the runtime's usual error.
/// </summary>
internal static class FSharpCoreBridge
{
    private static int _installed;

    /// <summary>Installs the handler once per process; later calls do nothing.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
            AssemblyLoadContext.Default.Resolving += Resolve;
    }

    /// <summary>True once <see cref="Install"/> has run in this process.</summary>
    internal static bool IsInstalled => Volatile.Read(ref _installed) == 1;

    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (requested.Name != "FSharp.Core") return null;
        return Loaded(requested.Version);
    }

    /// <summary>The FSharp.Core already loaded into the default context whose major version matches, if any.</summary>
    internal static Assembly? Loaded(Version? requested) =>
        AssemblyLoadContext.Default.Assemblies
            .Where(a => a.GetName() is { Name: "FSharp.Core" } name && (requested is null || name.Version?.Major == requested.Major))
            .MaxBy(a => a.GetName().Version);
}
