using System.Globalization;
using System.Text;
using NotebookRunner.Execution;

namespace NotebookRunner.Report;

/// <summary>A report in a gallery: the run and where its page is, relative to the gallery's index.html.</summary>
internal sealed record GalleryEntry(NotebookResult Result, string RelativeReportPath);

/// <summary>index.html of a gallery: every report with its title, status and run time; works offline.</summary>
internal static class GalleryIndex
{
    public static string Render(IReadOnlyList<GalleryEntry> entries)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Notebook gallery</title>\n<style>\n")
            .Append(Styles.Page).Append("</style>\n</head>\n<body>\n<main>\n<h1>Notebook gallery</h1>\n")
            .Append("<table class=\"gallery\">\n<thead><tr><th>Notebook</th><th>Title</th><th>Status</th><th>Run time</th></tr></thead>\n<tbody>\n");
        foreach (var (result, relative) in entries)
        {
            var href = string.Join('/', relative.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
            var name = relative.Replace('\\', '/')[..^".html".Length];
            html.Append("<tr><td><a href=\"").Append(HtmlReport.Escape(href)).Append("\">")
                .Append(HtmlReport.Escape(name)).Append("</a></td><td>").Append(HtmlReport.Escape(result.Notebook.Title)).Append("</td><td>")
                .Append(Status(result))
                .Append("</td><td class=\"time\">").Append((result.TotalMs / 1000).ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n")
            .Append("<p class=\"run-info\">Total: ").Append((entries.Sum(e => e.Result.TotalMs) / 1000).ToString("0.0", CultureInfo.InvariantCulture))
            .Append(" s</p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Status(NotebookResult result) =>
        result.KernelProblem is not null ? "kernel not available"
        : result.Succeeded ? "passed"
        : result.TimedOut ? "timed out"
        : $"{result.FailedCells.Count()} failed cell(s)";
}
