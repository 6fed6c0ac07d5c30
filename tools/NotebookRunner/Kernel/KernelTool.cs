using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookRunner.Kernel;

/// <summary>
/// The genuine .NET Interactive tool, as a local tool pinned in a manifest (.config/dotnet-tools.json). Found
/// from the notebook's folder upwards, as <c>dotnet tool run</c> finds it, else from the repository the runner
/// belongs to; restored with <c>dotnet tool restore</c> when starting it says it is not on this machine yet.
/// </summary>
internal sealed class KernelTool
{
    public const string PackageId = "microsoft.dotnet-interactive";
    public const string CommandName = "dotnet-interactive";

    private static readonly ConcurrentDictionary<string, Lazy<Task>> Restores = new(StringComparer.Ordinal);

    private KernelTool(string manifestPath, string version)
    {
        ManifestPath = manifestPath;
        Version = version;
    }

    /// <summary>The manifest that pins the tool.</summary>
    public string ManifestPath { get; }

    /// <summary>The folder <c>dotnet tool</c> commands run in to find this manifest.</summary>
    public string Root
    {
        get
        {
            var folder = Path.GetDirectoryName(ManifestPath)!;
            return Path.GetFileName(folder) == ".config" ? Path.GetDirectoryName(folder)! : folder;
        }
    }

    /// <summary>The pinned version, e.g. 1.0.712001.</summary>
    public string Version { get; }

    /// <summary>True when <paramref name="directory"/> sees this manifest (so the process may start there, as editors do).</summary>
    public bool IsVisibleFrom(string directory) =>
        FindManifest(directory) is { } found && string.Equals(Path.GetFullPath(found), Path.GetFullPath(ManifestPath), StringComparison.Ordinal);

    /// <summary>The manifest above <paramref name="notebookDirectory"/>, else above <paramref name="fallbackDirectory"/>.</summary>
    public static KernelTool Find(string notebookDirectory, string? fallbackDirectory)
    {
        foreach (var start in new[] { notebookDirectory, fallbackDirectory })
        {
            if (start is null || FindManifest(start) is not { } manifest) continue;
            return new KernelTool(manifest, ReadVersion(manifest));
        }
        throw new KernelStartException(
            $"no tool manifest pinning {PackageId} was found above {notebookDirectory}{(fallbackDirectory is null ? "" : $" or {fallbackDirectory}")}. " +
            $"The repository's .config/dotnet-tools.json pins it; outside the repository create one with: dotnet new tool-manifest && dotnet tool install {PackageId} --version 1.0.712001");
    }

    /// <summary>
    /// True when a start failed because the tool is not restored: <c>dotnet tool run</c> then says to run
    /// <c>dotnet tool restore</c>. (Where the SDK keeps restored local tools is its own business: a resolver cache
    /// under DOTNET_CLI_HOME pointing into the NuGet packages folder; asking it is the only reliable check.)
    /// </summary>
    public static bool SaysNotRestored(string diagnostics) =>
        diagnostics.Contains("dotnet tool restore", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <c>dotnet tool restore</c> once per manifest and process; later callers share the first attempt.</summary>
    public Task EnsureRestoredAsync(CancellationToken cancellationToken = default) =>
        Restores.GetOrAdd(ManifestPath, _ => new Lazy<Task>(() => RestoreAsync(cancellationToken))).Value;

    /// <summary>Runs <c>dotnet tool restore</c> now (also after a start that reported the tool missing).</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "tool", "restore" }) info.ArgumentList.Add(arg);
        KernelEnvironment.Apply(info, null);
        using var process = Process.Start(info) ?? throw new KernelStartException("could not start 'dotnet tool restore'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new KernelStartException($"'dotnet tool restore' in {Root} did not finish within 5 minutes; run it yourself to see why.");
        }
        if (process.ExitCode != 0)
        {
            var output = string.Join(" ", (await stdout + "\n" + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim();
            throw new KernelStartException(
                $"the .NET Interactive tool ({PackageId} {Version}, pinned in {ManifestPath}) is not installed and 'dotnet tool restore' failed " +
                $"(exit code {process.ExitCode}): {Shorten(output)} Check that a NuGet source serving {PackageId} is reachable, then run 'dotnet tool restore' in {Root}.");
        }
    }

    /// <summary>dotnet's own lookup: .config/dotnet-tools.json or dotnet-tools.json, nearest folder first.</summary>
    private static string? FindManifest(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, ".config", "dotnet-tools.json"), Path.Combine(dir.FullName, "dotnet-tools.json") })
                if (File.Exists(candidate) && ReadVersionOrNull(candidate) is not null)
                    return candidate;
        return null;
    }

    private static string ReadVersion(string manifest) =>
        ReadVersionOrNull(manifest) ?? throw new KernelStartException($"{manifest} does not pin {PackageId}.");

    private static string? ReadVersionOrNull(string manifest)
    {
        try
        {
            var tools = JsonNode.Parse(File.ReadAllText(manifest))?["tools"] as JsonObject;
            var entry = tools?.FirstOrDefault(t => string.Equals(t.Key, PackageId, StringComparison.OrdinalIgnoreCase)).Value;
            return (entry?["version"] as JsonValue)?.TryGetValue<string>(out var v) == true ? v : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + " …";
}
