using System.Net;
using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// Wraps a plotly.js figure in the HTML fragment every chart type renders as: a text version first (so an
/// offline editor, or a viewer that runs no scripts, still shows the chart), then a script that loads plotly.js
/// once per page and replaces the text with the interactive chart.
/// </summary>
internal static class PlotlyHtml
{
    private static long _counter;

    /// <summary>
    /// Text that plotly.js draws (titles, tick labels, legend names, hover text) goes through its own
    /// pseudo-HTML parser: encode &amp; &lt; &gt; so a name like <c>&lt;b&gt;</c> shows as typed and never becomes
    /// markup; plotly.js decodes those entities back for display. Quotes are left alone: they are no markup to
    /// plotly.js, the JSON writer escapes them, and plotly.js does not decode <c>&amp;quot;</c> (a title would show it
    /// literally).
    /// </summary>
    public static string PlotlyText(string text) =>
        text.AsSpan().IndexOfAny("&<>") < 0 ? text // most names: no copy
        : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
              .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Text for HTML element content: tags and entities encoded; the line and paragraph separators too (harmless in
    /// HTML, but a page that copies the text into a script would break on them).
    /// </summary>
    public static string HtmlText(string text) =>
        WebUtility.HtmlEncode(text).Replace("\u2028", "&#x2028;", StringComparison.Ordinal).Replace("\u2029", "&#x2029;", StringComparison.Ordinal);

    /// <summary>The HTML fragment: text fallback, plot container and loader script.</summary>
    public static string Render(string figureJson, string fallbackText, int heightPx)
    {
        // Unique per fragment: a page (a notebook) holds many charts, and re-running a cell adds another.
        var id = $"concurrency-lab-chart-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..48];
        var html = new StringBuilder(figureJson.Length + fallbackText.Length + 3_000);
        html.Append("<div class=\"concurrency-lab-chart\" id=\"").Append(id).Append("\">")
            .Append("<div class=\"cl-plot\" style=\"width:100%\"></div>")
            .Append("<pre class=\"cl-text\" style=\"font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;line-height:1.15;margin:0;white-space:pre;overflow-x:auto\">")
            .Append(HtmlText(fallbackText))
            .Append("</pre><div class=\"cl-hint\" style=\"display:none;font-size:smaller;opacity:0.7\"></div></div>\n")
            .Append("<script type=\"text/javascript\">\n(function () {\n")
            .Append("var fig = ").Append(figureJson).Append(";\n")
            .Append("var root = document.getElementById('").Append(id).Append("');\n")
            .Append("var height = ").Append(heightPx).Append(";\n")
            .Append(LoaderScript).Append('\n')
            .Append("})();\n</script>\n");
        return html.ToString();
    }

    /// <summary>The chart's script (Scripts/plotly-chart.js), with the CDN address of the plotly.js the helpers were built with.</summary>
    private static readonly string LoaderScript =
        EmbeddedScript.Read("plotly-chart.js").Replace("{{plotlyCdnUrl}}", PlotlyJs.CdnUrl, StringComparison.Ordinal);
}
