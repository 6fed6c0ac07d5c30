using System.Reflection;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The bridge that lets Plotly.NET (built against a newer FSharp.Core) load in the kernel. Here FsCheck has loaded
/// an FSharp.Core, which plays the kernel's copy. (The genuine kernel is exercised in Workshop.Tests.)
/// </summary>
public sealed class FSharpCoreBridgeTests
{
    private static readonly Assembly LoadedFSharpCore = typeof(Microsoft.FSharp.Core.Unit).Assembly;

    private static AssemblyName Request(string name, int major, int minor) => new($"{name}, Version={major}.{minor}.0.0");

    [Fact]
    public void A_newer_minor_version_of_FSharp_Core_gets_the_copy_already_loaded()
    {
        var loaded = LoadedFSharpCore.GetName().Version!;

        var resolved = FSharpCoreBridge.Resolve(Request("FSharp.Core", loaded.Major, loaded.Minor + 1));

        Assert.Same(LoadedFSharpCore, resolved);
    }

    [Fact]
    public void An_older_version_gets_the_newer_copy_already_loaded()
    {
        // FSharp.Core is backward compatible: Plotly.NET's dependencies ask for 5.0.0.0.
        var resolved = FSharpCoreBridge.Resolve(Request("FSharp.Core", 5, 0));

        Assert.Same(LoadedFSharpCore, resolved);
    }

    [Fact]
    public void A_newer_major_version_or_another_assembly_is_left_to_the_runtime()
    {
        var loaded = LoadedFSharpCore.GetName().Version!;

        Assert.Null(FSharpCoreBridge.Resolve(Request("FSharp.Core", loaded.Major + 1, 0)));
        Assert.Null(FSharpCoreBridge.Resolve(Request("Plotly.NET", loaded.Major, 0)));
    }

    [Fact]
    public void Setup_installs_the_bridge_and_can_run_again()
    {
        Lab.Setup();
        Lab.Setup();

        Assert.True(FSharpCoreBridge.IsInstalled);
    }
}
