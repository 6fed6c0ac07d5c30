using System.Text.RegularExpressions;

namespace SolutionWriter;

/// <summary>
/// Points a code cell's paths that leave the notebook's folder one folder further up, for a copy that lives one folder
/// below its lesson: every path that starts with <c>../</c> gets one more (<c>"../helpers/bin/X.dll"</c> becomes
/// <c>"../../helpers/bin/X.dll"</c>), in C#, <c>#r</c> and <c>#!python</c> cells alike, since the kernel resolves
/// them all from the notebook's folder. A <c>../</c> inside a path (<c>a/../b</c>, the second of <c>../../</c>) is left
/// alone. Paths that stay inside notebooks/ are not recognisable in code and are not rewritten: lessons use none.
/// </summary>
internal static partial class CodePaths
{
    public static IReadOnlyList<string> Rewrite(IReadOnlyList<string> lines) =>
        lines.Select(line => PathLeavingTheFolder().Replace(line, "../../")).ToList();

    // "../" not preceded by a name, a dot or a slash: the start of a path, after a quote, a space, "(", "=" and the like.
    [GeneratedRegex(@"(?<![\w./\\])\.\./")]
    private static partial Regex PathLeavingTheFolder();
}
