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
        var rows = new StringBuilder();
        foreach (var (result, relative) in entries)
        {
            var path = relative.Replace('\\', '/');
            var href = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
            rows.Append($"<tr><td><a href=\"{HtmlPage.Escape(href)}\">{HtmlPage.Escape(path[..^".html".Length])}</a></td>")
                .Append($"<td>{HtmlPage.Escape(result.Notebook.Title)}</td><td>{Status(result)}</td><td class=\"time\">{HtmlPage.Seconds(result.TotalMs)} s</td></tr>\n");
        }
        return HtmlPage.Render("Notebook gallery", "", $"""
            <h1>Notebook gallery</h1>
            <table class="gallery">
            <thead><tr><th>Notebook</th><th>Title</th><th>Status</th><th>Run time</th></tr></thead>
            <tbody>
            {rows}</tbody>
            </table>
            <p class="run-info">Total: {HtmlPage.Seconds(entries.Sum(e => e.Result.TotalMs))} s</p>

            """);
    }

    private static string Status(NotebookResult result) =>
        result.KernelProblem is not null ? "kernel not available"
        : result.Succeeded ? "passed"
        : result.TimedOut ? "timed out"
        : $"{result.FailedCells.Count()} failed cell(s)";
}
