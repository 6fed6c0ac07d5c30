using System.Net;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using NotebookRunner.Execution;

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
        var title = result.Notebook.Title;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Escape(title)).Append("</title>\n");
        html.Append("<script>\n").Append(ScriptSafe(PlotlyScript.Source)).Append("\n</script>\n");
        html.Append("<script>\n").Append(OfflineRequire.Script).Append("\n</script>\n");
        html.Append("<style>\n").Append(Styles.Page).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append("<p class=\"run-info\">Executed by the notebook runner: ")
            .Append(Escape(Path.GetFileName(result.Notebook.Path))).Append(" in the .NET Interactive kernel · ")
            .Append(result.KernelProblem is { } problem ? Escape(problem) : result.Succeeded ? "all cells passed" : $"{result.FailedCells.Count()} cell(s) failed")
            .Append($" · {result.TotalMs / 1000:0.0} s</p>\n");
        foreach (var cell in result.Cells)
        {
            if (cell.Cell.IsMarkdown)
                html.Append("<section class=\"cell markdown\">\n").Append(RenderMarkdown(cell.Cell.Source)).Append("</section>\n");
            else if (cell.Cell.IsCode)
                RenderCode(html, cell);
            else
                html.Append("<section class=\"cell raw\"><pre>").Append(Escape(cell.Cell.Source)).Append("</pre></section>\n");
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void RenderCode(StringBuilder html, CellResult cell)
    {
        var status = cell.Status.ToString().ToLowerInvariant();
        html.Append($"<section class=\"cell code {status}\" id=\"cell-{cell.Number}\">\n");
        html.Append("<div class=\"input\"><span class=\"prompt\">[").Append(cell.ExecutionCount?.ToString() ?? " ").Append("]</span>");
        html.Append("<pre><code class=\"language-").Append(Escape(cell.Cell.KernelName)).Append("\">").Append(Escape(cell.Cell.Source)).Append("</code></pre></div>\n");
        html.Append($"<div class=\"status\">cell {cell.Number} · {Escape(cell.Cell.KernelName)} · {StatusText(cell)}");
        if (cell.Status is not CellStatus.NotRun) html.Append($" · {cell.ElapsedMs:0} ms");
        html.Append("</div>\n");
        foreach (var output in cell.Outputs)
        {
            switch (output)
            {
                case StreamOutput s:
                    html.Append($"<pre class=\"output stream {s.Name}\">").Append(Escape(s.Text.ToString())).Append("</pre>\n");
                    break;
                case DisplayOutput d:
                    RenderData(html, d.Data, "display");
                    break;
                case ResultOutput r:
                    RenderData(html, r.Data, "result");
                    break;
                case ErrorOutput e:
                    html.Append("<pre class=\"output error\">").Append(Escape($"{e.EName}: {e.EValue}"));
                    foreach (var line in e.Traceback) html.Append('\n').Append(Escape(line));
                    html.Append("</pre>\n");
                    break;
            }
        }
        html.Append("</section>\n");
    }

    private static void RenderData(StringBuilder html, IReadOnlyDictionary<string, string> data, string kind)
    {
        if (data.TryGetValue("text/html", out var markup))
            html.Append($"<div class=\"output {kind} html\">").Append(markup).Append("</div>\n");
        else if (data.TryGetValue("text/markdown", out var md))
            html.Append($"<div class=\"output {kind} markdown\">").Append(RenderMarkdown(md)).Append("</div>\n");
        else if (data.TryGetValue("text/plain", out var text))
            html.Append($"<pre class=\"output {kind}\">").Append(Escape(text)).Append("</pre>\n");
        else if (data.Count > 0)
            html.Append($"<pre class=\"output {kind}\">").Append(Escape(data.First().Value)).Append("</pre>\n");
    }

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
            if (link.Url is { } url && !url.Contains("://", StringComparison.Ordinal))
            {
                var hash = url.IndexOf('#');
                var path = hash < 0 ? url : url[..hash];
                if (path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    link.Url = path[..^".ipynb".Length] + ".html" + (hash < 0 ? "" : url[hash..]);
            }
        }
        return document.ToHtml(Markdown);
    }

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Keeps a script's text from closing its own script element.</summary>
    private static string ScriptSafe(string script) => script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
