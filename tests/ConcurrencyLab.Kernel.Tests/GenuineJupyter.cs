using System.Reflection;
using System.Text.Json;
using Microsoft.DotNet.Interactive;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// The genuine <c>#!connect jupyter</c> (Microsoft.DotNet.Interactive.Jupyter, as the notebook kernel registers it),
/// loaded from the restored dotnet-interactive tool named in .config/dotnet-tools.json: the same assembly the
/// notebooks run, with no package of its own to pin.
/// </summary>
internal static class GenuineJupyter
{
    /// <summary>The tool's folder, or why it cannot be used.</summary>
    public static (string? Folder, string? Missing) ToolFolder()
    {
        var manifest = FindUp(".config/dotnet-tools.json");
        if (manifest is null) return (null, "no .config/dotnet-tools.json above the test folder");
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        var version = document.RootElement.GetProperty("tools").GetProperty("microsoft.dotnet-interactive").GetProperty("version").GetString();
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.Combine(packages, "microsoft.dotnet-interactive", version!, "tools", "net10.0", "any");
        return File.Exists(Path.Combine(folder, "Microsoft.DotNet.Interactive.Jupyter.dll"))
            ? (folder, null)
            : (null, $"the dotnet-interactive tool {version} is not restored (dotnet tool restore): {folder}");
    }

    /// <summary>
    /// The tool's folder where both the tool and a python3 kernel spec are here; skips the test otherwise, and fails it
    /// in CI, which installs both.
    /// </summary>
    public static string RequireToolAndPython()
    {
        var (tool, missing) = ToolFolder();
        var inCi = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        Assert.False(inCi && tool is null, $"CI restores the tool: {missing}");
        Skip.If(tool is null, missing);
        var pythonSpec = new[] { "/usr/share/jupyter/kernels", "/usr/local/share/jupyter/kernels",
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local/share/jupyter/kernels") }
            .Any(d => File.Exists(Path.Combine(d, "python3", "kernel.json")));
        Assert.False(inCi && !pythonSpec, "CI installs python3-ipykernel: its python3 kernel spec is missing.");
        Skip.If(!pythonSpec, "no python3 Jupyter kernel spec here (install python3 with ipykernel)");
        return tool!;
    }

    /// <summary>helpers/python of this checkout.</summary>
    public static string? HelpersPython()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "helpers", "python");
            if (File.Exists(Path.Combine(candidate, "concurrency_lab", "__init__.py"))) return candidate;
        }
        return null;
    }

    /// <summary>Adds <c>#!connect jupyter</c> with local kernel specs, as the kernel's KernelBuilder does.</summary>
    public static void AddConnectDirective(CompositeKernel root, string toolFolder)
    {
        var jupyter = Assembly.LoadFrom(Path.Combine(toolFolder, "Microsoft.DotNet.Interactive.Jupyter.dll"));
        var directive = Activator.CreateInstance(jupyter.GetType("Microsoft.DotNet.Interactive.Jupyter.ConnectJupyterKernelDirective", true)!)!;
        var local = Activator.CreateInstance(jupyter.GetType("Microsoft.DotNet.Interactive.Jupyter.JupyterLocalKernelConnectionOptions", true)!)!;
        directive.GetType().GetMethod("AddConnectionOptions")!.Invoke(directive, [local]);
        var command = jupyter.GetType("Microsoft.DotNet.Interactive.Jupyter.ConnectJupyterKernel", true)!;
        typeof(CompositeKernel).GetMethod(nameof(CompositeKernel.AddConnectDirective))!.MakeGenericMethod(command).Invoke(root, [directive]);
    }

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
