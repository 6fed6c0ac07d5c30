using System.Text;
using System.Text.RegularExpressions;

namespace NotebookRunner.Notebook;

/// <summary>A package asked for with <c>#r "nuget: Name[, Version]"</c>; a null version means the newest stable.</summary>
internal sealed record PackageRequest(string Name, string? Version)
{
    public override string ToString() => Version is null ? Name : $"{Name}, {Version}";
}

/// <summary>
/// A code cell split the way the kernel splits it: the kernel's own magic lines (<c>#!...</c>,
/// <c>#r "nuget:..."</c>, <c>#i "..."</c>) may stand on any line and are taken out; each is replaced by an
/// empty line so compiler line numbers stay true to the cell. Roslyn's own directives (<c>#r "path"</c>,
/// <c>#load</c>) stay in the code, so the compiler accepts or rejects them exactly as in the kernel (CS7009).
/// </summary>
internal sealed partial class CellDirectives
{
    /// <summary>Names (after #!) that choose the C# kernel.</summary>
    private static readonly HashSet<string> CSharpNames = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#" };

    /// <summary>Names (after #!) of the other kernels of Polyglot Notebooks.</summary>
    internal static readonly HashSet<string> OtherKernelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "fsharp", "f#", "pwsh", "powershell", "javascript", "js", "html", "markdown", "md", "sql", "kql",
        "mermaid", "http", "python", "r", "value", "vscode", "browser", "webview",
    };

    public string Code { get; private init; } = "";
    public List<PackageRequest> Packages { get; } = [];
    public List<string> PackageSources { get; } = [];
    public List<string> Imports { get; } = [];
    public bool Time { get; private set; }
    /// <summary>Another kernel this cell is written for (then it is skipped), or null.</summary>
    public string? OtherKernel { get; private set; }
    /// <summary>Magic lines the runner cannot carry out, with the reason (the cell fails with these).</summary>
    public List<string> Problems { get; } = [];

    public static CellDirectives Parse(string source)
    {
        var result = new CellDirectives();
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var code = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            var isMagic = trimmed.StartsWith("#!", StringComparison.Ordinal) || NuGetReference().IsMatch(trimmed) || trimmed.StartsWith("#i ", StringComparison.Ordinal) || trimmed == "#i";
            if (isMagic)
                result.Apply(trimmed, i + 1);
            if (i > 0) code.Append('\n');
            if (!isMagic) code.Append(line);
        }
        return new CellDirectives
        {
            Code = code.ToString(),
            Time = result.Time,
            OtherKernel = result.OtherKernel,
        }.CopyListsFrom(result);
    }

    private CellDirectives CopyListsFrom(CellDirectives other)
    {
        Packages.AddRange(other.Packages);
        PackageSources.AddRange(other.PackageSources);
        Imports.AddRange(other.Imports);
        Problems.AddRange(other.Problems);
        return this;
    }

    private void Apply(string magic, int line)
    {
        if (NuGetReference().Match(magic) is { Success: true } r)
        {
            var parts = r.Groups["spec"].Value.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length is < 1 or > 2 || parts[0].Length == 0)
                Problems.Add($"line {line}: {magic}: write #r \"nuget: Name\" or #r \"nuget: Name, Version\".");
            else
                Packages.Add(new PackageRequest(parts[0], parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null));
            return;
        }
        if (magic.StartsWith("#i", StringComparison.Ordinal))
        {
            var m = SourceDirective().Match(magic);
            if (!m.Success)
                Problems.Add($"line {line}: {magic}: write #i \"nuget: https://source/index.json\" (or a local folder).");
            else
                PackageSources.Add(m.Groups["source"].Value.Trim());
            return;
        }
        var words = magic[2..].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = words.Length > 0 ? words[0] : "";
        var argument = words.Length > 1 ? words[1].Trim().Trim('"') : "";
        if (CSharpNames.Contains(name)) return;
        if (OtherKernelNames.Contains(name)) { OtherKernel ??= name; return; }
        switch (name)
        {
            case "time":
                Time = true;
                break;
            case "import":
                if (argument.Length == 0) Problems.Add($"line {line}: #!import needs a file: #!import path/to/file.cs");
                else Imports.Add(argument);
                break;
            default:
                Problems.Add($"line {line}: the magic command #!{name} is not supported by the notebook runner (supported: #!csharp, #!time, #!import, #r \"nuget:...\", #i).");
                break;
        }
    }

    [GeneratedRegex("""^#r\s+"nuget:(?<spec>[^"]*)"\s*$""")]
    private static partial Regex NuGetReference();

    [GeneratedRegex("""^#i\s+"(nuget:)?(?<source>[^"]+)"\s*$""")]
    private static partial Regex SourceDirective();
}
