using System.Globalization;
using System.Text;
using NotebookRunner.Execution;

namespace NotebookRunner.Report;

/// <summary>index.html of a gallery: every report with its title, status and run time; works offline.</summary>
internal static class GalleryIndex
{
    public static string Render(IReadOnlyList<NotebookResult> results)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Notebook gallery</title>\n<style>\n")
            .Append(Styles.Page).Append("</style>\n</head>\n<body>\n<main>\n<h1>Notebook gallery</h1>\n")
            .Append("<table class=\"gallery\">\n<thead><tr><th>Notebook</th><th>Title</th><th>Status</th><th>Run time</th></tr></thead>\n<tbody>\n");
        foreach (var r in results)
        {
            var name = Path.GetFileNameWithoutExtension(r.Document.Path);
            html.Append("<tr><td><a href=\"").Append(HtmlReport.Escape(Uri.EscapeDataString(name) + ".html")).Append("\">")
                .Append(HtmlReport.Escape(name)).Append("</a></td><td>").Append(HtmlReport.Escape(r.Document.Title)).Append("</td><td>")
                .Append(r.Succeeded ? "passed" : r.TimedOut ? "timed out" : $"{r.FailedCells.Count()} failed cell(s)")
                .Append("</td><td class=\"time\">").Append((r.TotalMs / 1000).ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n")
            .Append("<p class=\"run-info\">Total: ").Append((results.Sum(r => r.TotalMs) / 1000).ToString("0.0", CultureInfo.InvariantCulture))
            .Append(" s</p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
