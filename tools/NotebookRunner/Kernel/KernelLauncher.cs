using System.Diagnostics;
using Microsoft.DotNet.Interactive.Commands;

namespace NotebookRunner.Kernel;

/// <summary>What a kernel for one notebook needs: where it runs, which kernel is the default, how long it may take.</summary>
internal sealed record KernelStartOptions(string WorkingDirectory, string DefaultKernelName)
{
    /// <summary>Time allowed from process start to a kernel ready for the first cell (includes the compiler's warm-up).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Where to look for the tool manifest when the notebook's folder does not see one.</summary>
    public string? FallbackToolDirectory { get; init; }

    /// <summary>Environment variables for the kernel (null removes one), e.g. to hide Python from it.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}

/// <summary>
/// Starts <c>dotnet tool run dotnet-interactive -- stdio</c> as VS Code's Polyglot Notebooks starts it (one process per
/// notebook, the notebook's folder as working directory), restoring the tool first if needed, and makes it ready:
/// waits for KernelReady, then sends one setup submission that is not part of the notebook.
/// </summary>
internal static class KernelLauncher
{
    /// <summary>The kernels <c>--default-kernel</c> accepts; a notebook defaulting to another gets csharp.</summary>
    private static readonly HashSet<string> DefaultKernelChoices = new(StringComparer.OrdinalIgnoreCase) { "csharp", "fsharp", "pwsh", "http" };

    /// <summary>
    /// In stdio mode the kernel formats non-string values as text/html only (VS Code renders HTML). Reports and tests
    /// also want the plain text, as Jupyter front ends get it, so every value is formatted both ways; strings stay
    /// plain text, as the kernel has them. Only which formats are produced changes, not what any of them contains.
    /// </summary>
    internal const string SetupCode = """
        Microsoft.DotNet.Interactive.Formatting.Formatter.SetPreferredMimeTypesFor(typeof(object), "text/html", "text/plain");
        Microsoft.DotNet.Interactive.Formatting.Formatter.SetPreferredMimeTypesFor(typeof(string), "text/plain");
        """;

    public static async Task<KernelProcess> StartAsync(KernelStartOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var tool = KernelTool.Find(options.WorkingDirectory, options.FallbackToolDirectory);
        KernelProcess kernel;
        try
        {
            kernel = await LaunchReadyAsync(tool, options, clock, cancellationToken);
        }
        catch (KernelStartException e) when (KernelTool.SaysNotRestored(e.Message))
        {
            // A fresh clone on a fresh machine: the manifest pins the tool but nothing restored it yet.
            await tool.EnsureRestoredAsync(cancellationToken);
            kernel = await LaunchReadyAsync(tool, options, clock, cancellationToken);
        }

        var (end, completion) = await kernel.SendAsync(new SubmitCode(SetupCode, "csharp"), _ => { }, Remaining(options, clock));
        if (end != CommandEnd.Succeeded)
        {
            var why = end switch
            {
                CommandEnd.TimedOut => $"did not answer within {options.StartupTimeout.TotalSeconds:0} s",
                CommandEnd.KernelExited => "ended",
                _ => $"failed: {(completion as Microsoft.DotNet.Interactive.Events.CommandFailed)?.Message}",
            };
            var diagnostics = kernel.Diagnostics;
            await kernel.DisposeAsync();
            throw new KernelStartException($"the kernel's C# setup submission {why}.{(diagnostics.Length > 0 ? " It said: " + diagnostics : "")}");
        }
        return kernel;
    }

    private static TimeSpan Remaining(KernelStartOptions options, Stopwatch clock)
    {
        var left = options.StartupTimeout - clock.Elapsed;
        return left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
    }

    private static KernelProcess Launch(KernelTool tool, KernelStartOptions options)
    {
        var workingDirectory = Path.GetFullPath(options.WorkingDirectory);
        var info = new ProcessStartInfo("dotnet")
        {
            // As the editor does, the process starts in the notebook's folder. A notebook outside any folder that sees
            // the manifest (a temporary copy, say) starts where the manifest is; --working-dir still puts the kernel
            // in the notebook's folder, so relative paths in cells mean the same.
            WorkingDirectory = tool.IsVisibleFrom(workingDirectory) ? workingDirectory : tool.Root,
        };
        foreach (var arg in new[] { "tool", "run", KernelTool.CommandName, "--", "stdio" }) info.ArgumentList.Add(arg);
        info.ArgumentList.Add("--default-kernel");
        info.ArgumentList.Add(DefaultKernelChoices.Contains(options.DefaultKernelName) ? options.DefaultKernelName.ToLowerInvariant() : "csharp");
        info.ArgumentList.Add("--working-dir");
        info.ArgumentList.Add(workingDirectory);
        KernelEnvironment.Apply(info, options.Environment);
        return KernelProcess.Start(info);
    }

    private static async Task<KernelProcess> LaunchReadyAsync(KernelTool tool, KernelStartOptions options, Stopwatch clock, CancellationToken cancellationToken)
    {
        var kernel = Launch(tool, options);
        try
        {
            await WaitReadyAsync(kernel, options.StartupTimeout - clock.Elapsed, cancellationToken);
            return kernel;
        }
        catch
        {
            await kernel.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitReadyAsync(KernelProcess kernel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout < TimeSpan.FromSeconds(1)) timeout = TimeSpan.FromSeconds(1);
        try
        {
            await kernel.Ready.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new KernelStartException($"the kernel was not ready within {timeout.TotalSeconds:0} s.{(kernel.Diagnostics.Length > 0 ? " It said: " + kernel.Diagnostics : "")}");
        }
    }
}
