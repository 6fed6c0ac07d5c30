using System.Reflection;
using System.Runtime.Loader;

namespace ConcurrencyLab;

/// <summary>
/// Lets Plotly.NET load in the .NET Interactive kernel. Plotly.NET 6.0.0 is compiled against FSharp.Core
/// 10.1.0.0; the final kernel ships and has already loaded FSharp.Core 10.0.0.0, and the runtime will not bind
/// a request for 10.1 to it on its own, so the first chart fails with "Could not load file or assembly
/// 'FSharp.Core, Version=10.1.0.0'". A resolve handler hands back the copy already loaded (measured: Plotly.NET
/// and Plotly.NET.Interactive then work, charts render inline). It answers in the load contexts packages land in:
/// the default one (the kernel's) and the one that loaded these helpers (a scripting host may use one of its own),
/// through their Resolving events, which run before any host-wide AssemblyResolve handler (a test host has its own);
/// and, for any other context, through the app domain's AssemblyResolve. Two kinds of request are bridged:
/// <list type="bullet">
/// <item>an older version than the one loaded: FSharp.Core stays backward compatible, so a newer copy serves code
/// built against an older one (a host that loaded FSharp.Core by path, not from the application's own files, gets
/// such requests from Plotly.NET's dependencies, e.g. for 5.0.0.0);</item>
/// <item>a newer version of the same major version, as Plotly.NET's request for 10.1 in a kernel with 10.0.</item>
/// </list>
/// A newer major version is a different library: it gets the runtime's usual error.
/// </summary>
internal static class FSharpCoreBridge
{
    private static int _installed;

    /// <summary>Installs the handler once per process; later calls do nothing.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0) return;
        var contexts = new[] { AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(FSharpCoreBridge).Assembly) };
        foreach (var context in contexts.OfType<AssemblyLoadContext>().Distinct())
            context.Resolving += (_, name) => Resolve(name);
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) => Resolve(new AssemblyName(args.Name));
    }

    /// <summary>True once <see cref="Install"/> has run in this process.</summary>
    internal static bool IsInstalled => Volatile.Read(ref _installed) == 1;

    internal static Assembly? Resolve(AssemblyName requested)
    {
        if (requested.Name != "FSharp.Core") return null;
        return Loaded(requested.Version);
    }

    /// <summary>The newest FSharp.Core already loaded (in any load context) that can serve the request, if any.</summary>
    internal static Assembly? Loaded(Version? requested) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName() is { Name: "FSharp.Core", Version: { } loaded } && Serves(loaded, requested))
            .MaxBy(a => a.GetName().Version);

    private static bool Serves(Version loaded, Version? requested) =>
        requested is null || loaded >= requested || loaded.Major == requested.Major;
}
