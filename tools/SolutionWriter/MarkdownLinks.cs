using System.Text;
using System.Text.RegularExpressions;

namespace SolutionWriter;

/// <summary>
/// Points a markdown cell's relative links one folder up, for a copy that lives one folder below its lesson:
/// <c>](01-x.ipynb)</c> becomes <c>](../01-x.ipynb)</c> in inline links and images, reference definitions
/// (<c>[id]: target</c>) and HTML <c>src</c>/<c>href</c> attributes. Absolute URLs (any scheme: https:, mailto:, data:,
/// attachment:), <c>#anchors</c> and root paths (<c>/x</c>) stay as they are, and so does text in code spans and fenced
/// code blocks, which is code, not a link.
/// </summary>
internal static partial class MarkdownLinks
{
    public static IReadOnlyList<string> Rewrite(IReadOnlyList<string> lines)
    {
        var result = new List<string>(lines.Count);
        string? openFence = null;
        foreach (var line in lines)
        {
            var fence = Fence().Match(line);
            if (fence.Success && (openFence is null || Closes(fence.Groups["marker"].Value, openFence)))
            {
                openFence = openFence is null ? fence.Groups["marker"].Value : null;
                result.Add(line);
            }
            else if (openFence is not null)
                result.Add(line);
            else if (ReferenceDefinition().Match(line) is { Success: true } definition)
                result.Add(ReplaceTarget(line, definition));
            else
                result.Add(RewriteOutsideCodeSpans(line));
        }
        return result;
    }

    /// <summary>True when the target is relative to the notebook's folder (so one folder deeper it needs "../").</summary>
    public static bool IsRelative(string target) =>
        target.Length > 0 && target[0] is not ('#' or '/' or '\\' or '?') && !Scheme().IsMatch(target);

    private static bool Closes(string marker, string open) => marker[0] == open[0] && marker.Length >= open.Length;

    // A code span opens with a run of backticks and closes with a run of the same length; an unclosed run is text.
    private static string RewriteOutsideCodeSpans(string line)
    {
        var result = new StringBuilder();
        var pos = 0;
        while (pos < line.Length)
        {
            var open = line.IndexOf('`', pos);
            if (open < 0) break;
            var openEnd = RunEnd(line, open);
            var close = FindRun(line, openEnd, openEnd - open);
            var spanEnd = close < 0 ? openEnd : RunEnd(line, close);
            result.Append(RewriteText(line[pos..open]));
            result.Append(line, open, spanEnd - open);
            pos = spanEnd;
        }
        return result.Append(RewriteText(line[pos..])).ToString();
    }

    private static int RunEnd(string line, int start)
    {
        var end = start;
        while (end < line.Length && line[end] == '`') end++;
        return end;
    }

    private static int FindRun(string line, int from, int length)
    {
        for (var i = line.IndexOf('`', from); i >= 0; i = line.IndexOf('`', RunEnd(line, i)))
            if (RunEnd(line, i) - i == length) return i;
        return -1;
    }

    private static string RewriteText(string text)
    {
        if (text.Length == 0) return text;
        text = InlineLink().Replace(text, m => ReplaceTarget(m.Value, m, m.Index));
        return HtmlAttribute().Replace(text, m => ReplaceTarget(m.Value, m, m.Index));
    }

    private static string ReplaceTarget(string text, Match match, int offset = 0)
    {
        var target = match.Groups["target"];
        if (!IsRelative(target.Value)) return text;
        var at = target.Index - offset;
        return string.Concat(text.AsSpan(0, at), "../", text.AsSpan(at));
    }

    [GeneratedRegex(@"^ {0,3}(?<marker>`{3,}|~{3,})")]
    private static partial Regex Fence();

    // The whole line: label, target, an optional title in quotes or parentheses, nothing after.
    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:[ \t]*<?(?<target>[^\s<>]+)>?(?:[ \t]+(?:""[^""]*""|'[^']*'|\([^)]*\)))?[ \t]*\n?$")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"\]\([ \t]*<?(?<target>[^\s()<>]+)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"\b(?:src|href)[ \t]*=[ \t]*[""'](?<target>[^""'\s]+)")]
    private static partial Regex HtmlAttribute();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:")]
    private static partial Regex Scheme();
}
