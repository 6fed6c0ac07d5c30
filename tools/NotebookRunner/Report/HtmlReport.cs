using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using NotebookRunner.Execution;
using static NotebookRunner.Report.HtmlPage;

namespace NotebookRunner.Report;

/// <summary>
/// A standalone HTML page of an executed notebook: markdown rendered, code shown, every output in place,
/// plotly.js embedded once in the head so charts draw offline before any chart script runs.
/// </summary>
internal static class HtmlReport
{
    // Raw HTML inside markdown cells is shown as text, not run: a report may be shared, and a notebook from
    // elsewhere could carry a <script> in its prose. (Cell outputs of type text/html stay HTML, as in the kernel.)
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public static string Render(NotebookResult result)
    {
        var status = result.KernelProblem ?? (result.Succeeded ? "all cells passed" : $"{result.FailedCells.Count()} cell(s) failed");
        var html = new StringBuilder();
        html.Append($"<p class=\"run-info\">Executed by the notebook runner: {Escape(Path.GetFileName(result.Notebook.Path))} ")
            .Append($"in the .NET Interactive kernel · {Escape(status)} · {Seconds(result.TotalMs)} s</p>\n");
        foreach (var cell in result.Cells)
        {
            if (cell.Cell.IsMarkdown)
                html.Append($"<section class=\"cell markdown\">\n{RenderMarkdown(cell.Cell.Source)}</section>\n");
            else if (cell.Cell.IsCode)
                RenderCode(html, cell);
            else
                html.Append($"<section class=\"cell raw\"><pre>{Escape(cell.Cell.Source)}</pre></section>\n");
        }
        // Scripts are text that must not close their own element.
        var plotly = PlotlyScript.Source.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return HtmlPage.Render(result.Notebook.Title, $"<script>\n{plotly}\n</script>\n<script>\n{OfflineRequire.Script}\n</script>\n", html.ToString());
    }

    private static void RenderCode(StringBuilder html, CellResult cell)
    {
        var kernel = Escape(cell.Cell.KernelName);
        html.Append($"<section class=\"cell code {cell.Status.ToString().ToLowerInvariant()}\" id=\"cell-{cell.Number}\">\n")
            .Append($"<div class=\"input\"><span class=\"prompt\">[{cell.ExecutionCount?.ToString() ?? " "}]</span>")
            .Append($"<pre><code class=\"language-{kernel}\">{Escape(cell.Cell.Source)}</code></pre></div>\n")
            .Append($"<div class=\"status\">cell {cell.Number} · {kernel} · {StatusText(cell)}")
            .Append(cell.Status is CellStatus.NotRun ? "" : $" · {cell.ElapsedMs:0} ms").Append("</div>\n");
        foreach (var output in cell.Outputs)
        {
            html.Append(output switch
            {
                StreamOutput s => $"<pre class=\"output stream {s.Name}\">{Escape(s.Text.ToString())}</pre>\n",
                DisplayOutput d => RenderData(d.Data, "display"),
                ResultOutput r => RenderData(r.Data, "result"),
                ErrorOutput e => $"<pre class=\"output error\">{Escape(string.Join('\n', [$"{e.EName}: {e.EValue}", .. e.Traceback]))}</pre>\n",
                _ => "",
            });
        }
        html.Append("</section>\n");
    }

    private static string RenderData(IReadOnlyDictionary<string, string> data, string kind) =>
        data.TryGetValue("text/html", out var markup) ? $"<div class=\"output {kind} html\">{markup}</div>\n"
        : data.TryGetValue("text/markdown", out var md) ? $"<div class=\"output {kind} markdown\">{RenderMarkdown(md)}</div>\n"
        : data.TryGetValue("text/plain", out var text) ? $"<pre class=\"output {kind}\">{Escape(text)}</pre>\n"
        : data.Count > 0 ? $"<pre class=\"output {kind}\">{Escape(data.First().Value)}</pre>\n"
        : "";

    private static string StatusText(CellResult cell) => cell.Status switch
    {
        CellStatus.NotRun => "not run",
        CellStatus.TimedOut => "timed out",
        CellStatus.Failed when cell.Cell.MayRaise => "failed (allowed: raises-exception)",
        _ => cell.Status.ToString().ToLowerInvariant(),
    };

    /// <summary>Markdown to HTML; links to sibling notebooks point to their reports.</summary>
    internal static string RenderMarkdown(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Markdown);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.Url is not { } url || url.Contains("://", StringComparison.Ordinal)) continue;
            var hash = url.IndexOf('#');
            var path = hash < 0 ? url : url[..hash];
            if (path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                link.Url = path[..^".ipynb".Length] + ".html" + (hash < 0 ? "" : url[hash..]);
        }
        return document.ToHtml(Markdown);
    }
}
