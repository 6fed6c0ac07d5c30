using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NotebookRunner.Notebook;

namespace NotebookRunner.Execution;

/// <summary>The result of a restore: the runtime assemblies of the whole dependency closure, or an error.</summary>
internal sealed record RestoreOutcome(string? Error, IReadOnlyList<string> AssemblyPaths, IReadOnlyList<(string Name, string Version)> Installed);

/// <summary>
/// <c>#r "nuget: ..."</c> and <c>#i "nuget: ..."</c> of one notebook. As in the kernel, a real restore: a
/// throw-away project with the packages asked for so far is restored by the dotnet CLI against the configured
/// sources plus the notebook's own; the runtime assemblies of every package in project.assets.json are loaded.
/// Each package set is restored once and cached in its own folder.
/// </summary>
internal sealed class PackageSet(string? cacheDirectory)
{
    private readonly List<string> _sources = [];
    private readonly Dictionary<string, PackageRequest> _requested = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _cacheRoot = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "notebook-runner-nuget");

    public void AddSource(string source)
    {
        // A local folder is relative to the notebook (the current directory while it runs).
        var resolved = Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile ? source : Path.GetFullPath(source);
        if (!_sources.Contains(resolved)) _sources.Add(resolved);
    }

    public async Task<RestoreOutcome> RestoreAsync(IReadOnlyList<PackageRequest> packages, CancellationToken cancellationToken)
    {
        foreach (var package in packages)
        {
            if (_requested.TryGetValue(package.Name, out var earlier) && earlier.Version != package.Version)
                return Fail($"Package {package.Name} version {package.Version ?? "(newest)"} cannot be added: version {earlier.Version ?? "(newest)"} was added earlier in this notebook.");
            _requested[package.Name] = package;
        }

        var tfm = $"net{Environment.Version.Major}.0";
        var all = _requested.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        var key = Hash(string.Join("|", all.Select(p => $"{p.Name.ToLowerInvariant()}/{p.Version}")) + "|" + string.Join("|", _sources) + "|" + tfm);
        var folder = Path.Combine(_cacheRoot, key);
        var resolvedFile = Path.Combine(folder, "resolved.txt");
        if (!File.Exists(resolvedFile))
        {
            var error = await RestoreIntoAsync(folder, all, tfm, cancellationToken);
            if (error is not null) return Fail(error);
        }
        return Read(resolvedFile, packages);
    }

    private static RestoreOutcome Fail(string error) => new(error, [], []);

    private async Task<string?> RestoreIntoAsync(string folder, IReadOnlyList<PackageRequest> packages, string tfm, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_cacheRoot);
        // Stop MSBuild from picking up the repository's build settings (central package versions etc.).
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            var file = Path.Combine(_cacheRoot, name);
            if (!File.Exists(file)) await File.WriteAllTextAsync(file, "<Project />\n", cancellationToken);
        }
        var work = folder + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(work);
        try
        {
            var project = new StringBuilder();
            project.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
            project.AppendLine($"  <PropertyGroup><TargetFramework>{tfm}</TargetFramework><NuGetAudit>false</NuGetAudit>");
            if (_sources.Count > 0)
                project.AppendLine($"    <RestoreAdditionalProjectSources>{System.Security.SecurityElement.Escape(string.Join(";", _sources))}</RestoreAdditionalProjectSources>");
            project.AppendLine("  </PropertyGroup>");
            project.AppendLine("  <ItemGroup>");
            foreach (var p in packages)
                project.AppendLine($"    <PackageReference Include=\"{System.Security.SecurityElement.Escape(p.Name)}\" Version=\"{System.Security.SecurityElement.Escape(p.Version ?? "*")}\" />");
            project.AppendLine("  </ItemGroup>");
            project.AppendLine("</Project>");
            var projectFile = Path.Combine(work, "packages.csproj");
            await File.WriteAllTextAsync(projectFile, project.ToString(), cancellationToken);

            var (exitCode, output) = await RunDotnetAsync(["restore", projectFile, "--nologo", "-v", "q"], work, cancellationToken);
            var names = string.Join("; ", packages.Select(p => p.ToString()));
            if (exitCode != 0)
            {
                var errors = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                    .Select(l => l.Contains(": error ") ? l[(l.IndexOf(": error ", StringComparison.Ordinal) + 2)..] : l)
                    .Select(l => l.Contains(" [") ? l[..l.LastIndexOf(" [", StringComparison.Ordinal)] : l)
                    .Distinct().Take(10).ToArray();
                return $"Could not restore NuGet package(s) {names}: " + (errors.Length > 0 ? string.Join(" ", errors) : output.Trim());
            }

            var lines = ReadAssets(Path.Combine(work, "obj", "project.assets.json"), tfm);
            await File.WriteAllLinesAsync(Path.Combine(work, "resolved.txt"), lines, cancellationToken);
            try { Directory.Move(work, folder); }
            catch (IOException) when (File.Exists(Path.Combine(folder, "resolved.txt"))) { /* restored meanwhile by another run */ }
            return null;
        }
        finally
        {
            if (Directory.Exists(work)) try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>"pkg Name Version" lines for every package, then "dll path" lines for its runtime assemblies.</summary>
    private static List<string> ReadAssets(string assetsFile, string tfm)
    {
        var assets = JsonNode.Parse(File.ReadAllText(assetsFile))!;
        var packageFolder = assets["packageFolders"]!.AsObject().First().Key;
        var target = assets["targets"]!.AsObject().First(t => t.Key.StartsWith(tfm, StringComparison.OrdinalIgnoreCase) || t.Key.Contains(tfm)).Value!.AsObject();
        var lines = new List<string>();
        foreach (var (id, library) in target)
        {
            if ((string?)library!["type"] != "package") continue;
            var slash = id.IndexOf('/');
            lines.Add($"pkg {id[..slash]} {id[(slash + 1)..]}");
            var libraryPath = (string)assets["libraries"]![id]!["path"]!;
            if (library["runtime"] is JsonObject runtime)
                foreach (var (file, _) in runtime)
                    if (!file.EndsWith("/_._", StringComparison.Ordinal))
                        lines.Add("dll " + Path.GetFullPath(Path.Combine(packageFolder, libraryPath, file)));
        }
        return lines;
    }

    private static RestoreOutcome Read(string resolvedFile, IReadOnlyList<PackageRequest> asked)
    {
        var lines = File.ReadAllLines(resolvedFile);
        var dlls = lines.Where(l => l.StartsWith("dll ", StringComparison.Ordinal)).Select(l => l[4..]).ToArray();
        var all = lines.Where(l => l.StartsWith("pkg ", StringComparison.Ordinal)).Select(l => l[4..].Split(' ')).ToArray();
        var installed = asked.Select(a => all.FirstOrDefault(p => p[0].Equals(a.Name, StringComparison.OrdinalIgnoreCase)))
            .Where(p => p is not null).Select(p => (p![0], p[1])).ToArray();
        return new RestoreOutcome(null, dlls, installed);
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // When the runner itself was started by dotnet run/test, these point the child at the wrong MSBuild.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "LAB_SLOT").ToArray())
            info.Environment.Remove(name);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string DotnetHost()
    {
        var path = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(path) && File.Exists(path)) return path;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
