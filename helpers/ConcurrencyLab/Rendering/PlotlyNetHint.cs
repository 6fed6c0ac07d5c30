using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// Wraps the HTML Plotly.NET.Interactive writes for a chart (a div that plotly.js, loaded from a CDN through
/// require.js, draws into) with a one-line hint that says which chart it is and why it is not drawn. Without a
/// network that div stays empty; the hint is then the only thing the reader sees. The hint is in the markup, so a
/// viewer that runs no scripts shows it; the script after the chart hides it at once, shows it again when no plotly.js
/// drawing has appeared inside the wrapper after <see cref="HintDelayMs"/>, and hides it whenever one appears.
/// </summary>
internal static class PlotlyNetHint
{
    private static long _counter;

    /// <summary>How long the chart may take to draw before the hint shows: plotly.js is 3.5 MB from a CDN.</summary>
    public const int HintDelayMs = 5_000;

    public const string Unavailable =
        "Interactive chart unavailable: plotly.js could not be loaded (offline?). The runner's HTML report embeds plotly.js.";

    /// <summary>
    /// True for HTML that draws a chart with plotly.js, as Plotly.NET's does; false for anything else a formatter
    /// may write for a Plotly.NET chart (without Plotly.NET.Interactive the kernel shows the object's properties).
    /// </summary>
    public static bool DrawsWithPlotly(string html) => html.Contains("Plotly.newPlot(", StringComparison.Ordinal);

    /// <summary>The wrapper: hint first (seen before a blank area), then the chart's own HTML, then the hint's script.</summary>
    public static string Wrap(string chartHtml, string description)
    {
        // Unique per output: a notebook holds many charts, and re-running a cell adds another.
        var id = $"concurrency-lab-plotlynet-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..48];
        var hint = description.Length == 0 ? Unavailable : $"{description.TrimEnd('.')}. {Unavailable}";
        return new StringBuilder(chartHtml.Length + hint.Length + 1_200)
            .Append("<div class=\"concurrency-lab-plotlynet\" id=\"").Append(id).Append("\">")
            .Append("<div class=\"cl-plotlynet-hint\" style=\"font-size:smaller;opacity:0.7\">").Append(PlotlyHtml.HtmlText(hint)).Append("</div>\n")
            .Append(chartHtml)
            .Append("\n</div>\n<script type=\"text/javascript\">\n(function () {\nvar root = document.getElementById('").Append(id).Append("');\n")
            .Append("var delayMs = ").Append(HintDelayMs).Append(";\n")
            .Append(Script).Append('\n')
            .Append("})();\n</script>\n")
            .ToString();
    }

    /// <summary>The hint's script (Scripts/plotlynet-hint.js): hides the hint once the chart is drawn, shows it after the delay if not.</summary>
    private static readonly string Script = EmbeddedScript.Read("plotlynet-hint.js");
}
