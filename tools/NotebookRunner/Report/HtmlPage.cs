using System.Globalization;
using System.Net;

namespace NotebookRunner.Report;

/// <summary>The frame of the reports and the gallery: a standalone page, readable and print-friendly, with no web
/// fonts and nothing fetched from the network.</summary>
internal static class HtmlPage
{
    private const string Styles = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #fafafa; color: #222; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
        .run-info { color: #666; font-size: .85rem; }
        .cell { margin: 1rem 0; }
        .cell.code { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .5rem .75rem; }
        .cell.code.failed, .cell.code.timedout { border-color: #d33; }
        .input { display: flex; gap: .5rem; }
        .prompt { color: #999; font-family: monospace; padding-top: .6rem; }
        pre { overflow-x: auto; background: #f5f5f5; padding: .5rem; border-radius: 4px; margin: .4rem 0; white-space: pre-wrap; }
        .input pre { flex: 1; background: #f0f3f7; }
        .status { color: #888; font-size: .75rem; }
        .output.stderr { background: #fff4f4; }
        .output.error { background: #fde8e8; color: #900; }
        .output.warning { background: #fff8e1; }
        .output.html { overflow-x: auto; }
        table { border-collapse: collapse; }
        td, th { border: 1px solid #ddd; padding: .2rem .5rem; }
        """;

    /// <param name="head">What else the head holds (scripts), each element on lines of its own.</param>
    /// <param name="main">The page's content, HTML lines.</param>
    public static string Render(string title, string head, string main) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Escape(title)}</title>
        {head}<style>
        {Styles}
        </style>
        </head>
        <body>
        <main>
        {main}</main>
        </body>
        </html>

        """;

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Milliseconds as seconds with one decimal, e.g. 1234 as "1.2".</summary>
    public static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.0", CultureInfo.InvariantCulture);
}
