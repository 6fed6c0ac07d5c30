using System.Collections.Frozen;
using System.Diagnostics;

namespace NotebookRunner.Kernel;

/// <summary>
/// How a notebook's kernel is started: <c>dotnet tool run dotnet-interactive -- stdio</c>, as VS Code's Polyglot
/// Notebooks starts it (one process per notebook, the notebook's folder as working directory), and the tool that
/// command runs (restored when it is missing).
/// </summary>
internal sealed record KernelStart(KernelTool Tool, ProcessStartInfo Info)
{
    /// <summary>The kernels <c>--default-kernel</c> accepts; a notebook defaulting to another gets csharp.</summary>
    private static readonly FrozenSet<string> DefaultKernelChoices =
        new[] { "csharp", "fsharp", "pwsh", "http" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <param name="fallbackToolDirectory">Where to look for the tool manifest when the notebook's folder does not see one.</param>
    public static KernelStart For(string notebookDirectory, string defaultKernelName, string? fallbackToolDirectory)
    {
        var tool = KernelTool.Find(notebookDirectory, fallbackToolDirectory);
        var workingDirectory = Path.GetFullPath(notebookDirectory);
        var defaultKernel = DefaultKernelChoices.Contains(defaultKernelName) ? defaultKernelName.ToLowerInvariant() : "csharp";
        var info = new ProcessStartInfo("dotnet",
            ["tool", "run", KernelTool.CommandName, "--", "stdio", "--default-kernel", defaultKernel, "--working-dir", workingDirectory])
        {
            // As the editor does, the process starts in the notebook's folder. A notebook outside any folder that sees
            // the manifest (a temporary copy, say) starts where the manifest is; --working-dir still puts the kernel
            // in the notebook's folder, so relative paths in cells mean the same.
            WorkingDirectory = tool.IsVisibleFrom(workingDirectory) ? workingDirectory : tool.Root,
        };
        return new KernelStart(tool, Quiet(info));
    }

    /// <summary>Quiets .NET's first-run and telemetry banners in a process the runner starts, so that the kernel's
    /// standard output carries only envelopes.</summary>
    public static ProcessStartInfo Quiet(ProcessStartInfo info)
    {
        foreach (var name in new[] { "DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE" })
            info.Environment[name] = "1";
        return info;
    }
}
