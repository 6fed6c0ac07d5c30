using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The helpers reference the .NET Interactive kernel's assemblies without shipping them. Where they are absent (this
/// test project, a plain console, the headless runner), loading and using the helpers, PythonKernel included, works.
/// </summary>
public sealed class PythonKernelOutsideTheKernelTests
{
    [Fact]
    public async Task Connecting_outside_the_kernel_says_so_instead_of_failing()
    {
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "Microsoft.DotNet.Interactive.dll")),
            "This test needs a process without the kernel's assemblies.");

        var status = await PythonKernel.ConnectAsync();

        Assert.False(status.IsConnected || status.IsStandIn);
        Assert.Contains("not running in .NET Interactive", status.Message);
        Assert.Same(status, PythonKernel.Status);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Microsoft.DotNet.Interactive");
    }
}
