using System.Globalization;
using System.Net;

namespace NotebookRunner.Report;

/// <summary>The frame of the reports and the gallery: a standalone page, readable and print-friendly, with no web
/// fonts and nothing fetched from the network.</summary>
internal static class HtmlPage
{
    /// <summary>The style sheet of every page (Report/Report.css, embedded).</summary>
    private static readonly string Styles = new StreamReader(typeof(HtmlPage).Assembly.GetManifestResourceStream("Report.css")!).ReadToEnd().TrimEnd();

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
