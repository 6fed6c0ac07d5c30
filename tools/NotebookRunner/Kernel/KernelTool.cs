using System.Collections.Frozen;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookRunner.Kernel;

/// <summary>
/// The genuine .NET Interactive tool, as a local tool pinned in a manifest (.config/dotnet-tools.json). Found
/// from the notebook's folder upwards, as <c>dotnet tool run</c> finds it, else from the repository the runner
/// belongs to; restored with <c>dotnet tool restore</c> when starting it says it is not on this machine yet. Each
/// notebook's kernel is started as VS Code's Polyglot Notebooks starts it: <c>dotnet tool run dotnet-interactive --
/// stdio</c>, one process per notebook, in the notebook's folder.
/// </summary>
/// <param name="ManifestPath">The manifest that pins the tool (a full path).</param>
/// <param name="Version">The pinned version, e.g. 1.0.712001.</param>
internal sealed record KernelTool(string ManifestPath, string Version)
{
    private const string PackageId = "microsoft.dotnet-interactive";

    /// <summary>The kernels <c>--default-kernel</c> accepts; a notebook defaulting to another gets csharp.</summary>
    private static readonly FrozenSet<string> DefaultKernelChoices =
        new[] { "csharp", "fsharp", "pwsh", "http" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The folder <c>dotnet tool</c> commands run in to find this manifest.</summary>
    public string Root =>
        Path.GetDirectoryName(ManifestPath)! is var folder && Path.GetFileName(folder) == ".config" ? Path.GetDirectoryName(folder)! : folder;

    /// <summary>How to start the kernel of a notebook in <paramref name="notebookDirectory"/>.</summary>
    public ProcessStartInfo StartInfo(string notebookDirectory, string defaultKernelName)
    {
        var workingDirectory = Path.GetFullPath(notebookDirectory);
        var defaultKernel = DefaultKernelChoices.Contains(defaultKernelName) ? defaultKernelName.ToLowerInvariant() : "csharp";
        return Quiet(new ProcessStartInfo("dotnet",
            ["tool", "run", "dotnet-interactive", "--", "stdio", "--default-kernel", defaultKernel, "--working-dir", workingDirectory])
        {
            // As the editor does, the process starts in the notebook's folder. A notebook outside any folder that sees
            // the manifest (a temporary copy, say) starts where the manifest is; --working-dir still puts the kernel
            // in the notebook's folder, so relative paths in cells mean the same.
            WorkingDirectory = PinnedAbove(workingDirectory)?.ManifestPath == ManifestPath ? workingDirectory : Root,
        });
    }

    /// <summary>The manifest above <paramref name="notebookDirectory"/>, else above <paramref name="fallbackDirectory"/>.</summary>
    public static KernelTool Find(string notebookDirectory, string? fallbackDirectory) =>
        PinnedAbove(notebookDirectory) ?? (fallbackDirectory is null ? null : PinnedAbove(fallbackDirectory)) ?? throw new KernelStartException(
            $"no tool manifest pinning {PackageId} was found above {notebookDirectory}{(fallbackDirectory is null ? "" : $" or {fallbackDirectory}")}. " +
            $"The repository's .config/dotnet-tools.json pins it; outside the repository create one with: dotnet new tool-manifest && dotnet tool install {PackageId} --version 1.0.712001");

    /// <summary>
    /// True when a start failed because the tool is not restored: <c>dotnet tool run</c> then says to run
    /// <c>dotnet tool restore</c>. (Where the SDK keeps restored local tools is its own business: a resolver cache
    /// under DOTNET_CLI_HOME pointing into the NuGet packages folder; asking it is the only reliable check.)
    /// </summary>
    public static bool SaysNotRestored(string diagnostics) =>
        diagnostics.Contains("dotnet tool restore", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <c>dotnet tool restore</c> for this manifest (at most 5 minutes).</summary>
    public async Task RestoreAsync()
    {
        var info = Quiet(new ProcessStartInfo("dotnet", ["tool", "restore"])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        using var process = Process.Start(info) ?? throw new KernelStartException("could not start 'dotnet tool restore'.");
        var said = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        try { await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5)); }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new KernelStartException($"'dotnet tool restore' in {Root} did not finish within 5 minutes; run it yourself to see why.");
        }
        if (process.ExitCode == 0) return;
        var output = string.Join(" ", (await said).SelectMany(text => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        throw new KernelStartException(
            $"the .NET Interactive tool ({PackageId} {Version}, pinned in {ManifestPath}) is not installed and 'dotnet tool restore' failed " +
            $"(exit code {process.ExitCode}): {(output.Length <= 600 ? output : output[..600] + " …")} " +
            $"Check that a NuGet source serving {PackageId} is reachable, then run 'dotnet tool restore' in {Root}.");
    }

    /// <summary>Quiets .NET's first-run and telemetry banners in a process the runner starts, so that the kernel's
    /// standard output carries only envelopes.</summary>
    private static ProcessStartInfo Quiet(ProcessStartInfo info)
    {
        foreach (var name in new[] { "DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE" })
            info.Environment[name] = "1";
        return info;
    }

    /// <summary>dotnet's own lookup: .config/dotnet-tools.json or dotnet-tools.json, nearest folder first; the first that pins the tool.</summary>
    private static KernelTool? PinnedAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            foreach (var manifest in new[] { Path.Combine(dir.FullName, ".config", "dotnet-tools.json"), Path.Combine(dir.FullName, "dotnet-tools.json") })
                if (File.Exists(manifest) && PinnedVersion(manifest) is { } version)
                    return new KernelTool(manifest, version);
        return null;
    }

    private static string? PinnedVersion(string manifest)
    {
        try
        {
            var tools = JsonNode.Parse(File.ReadAllText(manifest))?["tools"] as JsonObject;
            var entry = tools?.FirstOrDefault(t => string.Equals(t.Key, PackageId, StringComparison.OrdinalIgnoreCase)).Value;
            return (entry?["version"] as JsonValue)?.TryGetValue<string>(out var v) == true ? v : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException or InvalidOperationException) { return null; }
    }
}
