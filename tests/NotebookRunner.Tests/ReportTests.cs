using ConcurrencyLab.TestSupport;
using System.Diagnostics;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;
using NotebookRunner.Report;

namespace NotebookRunner.Tests;

/// <summary>The executed .ipynb (valid nbformat) and the HTML report (offline charts, escaped text).</summary>
public class ReportTests
{
    private static readonly Lazy<bool> HasNbformat = new(() =>
        File.Exists("/usr/bin/python3") && Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import nbformat"]) { RedirectStandardError = true })!
            .WaitForExitAndGetCode() == 0);

    [Fact]
    public void Plotly_js_is_read_from_the_plotly_net_package_without_running_it()
    {
        Assert.StartsWith("/**", PlotlyScript.Source.TrimStart());
        Assert.Contains("plotly.js v2.28.0", PlotlyScript.Source);
        Assert.True(PlotlyScript.Source.Length > 3_000_000);
    }

    [Fact]
    public void The_report_embeds_plotly_once_in_the_head_renders_markdown_and_escapes_text()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "escape", "Console.WriteLine(\"<script>alert(1)</script>\");", "display(HTML(\"<i id='raw'>raw</i>\"));");
        var html = HtmlReport.Render(TestKit.Run(path));
        Assert.Equal(1, Regex.Count(html, "plotly.js v2.28.0"));
        Assert.True(html.IndexOf("plotly.js v2.28.0", StringComparison.Ordinal) < html.IndexOf("</head>", StringComparison.Ordinal));
        Assert.Contains("<h1 id=\"escape\">escape</h1>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("<i id='raw'>raw</i>", html);
    }

    [Fact]
    public void Raw_html_in_markdown_is_shown_as_text_not_run()
    {
        var html = HtmlReport.RenderMarkdown("Prose <script>alert(1)</script> and <img src=x onerror=alert(2)>");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void Markdown_links_to_notebooks_point_to_their_reports()
    {
        Assert.Contains("href=\"02-next.html#part\"", HtmlReport.RenderMarkdown("[next](02-next.ipynb#part)"));
        Assert.Contains("href=\"https://example.org/a.ipynb\"", HtmlReport.RenderMarkdown("[x](https://example.org/a.ipynb)"));
    }

    [SkippableTheory]
    [InlineData("basic")]
    [InlineData("errors")]
    [InlineData("directives")]
    public void The_executed_notebook_passes_nbformat_validation(string sample)
    {
        TestKit.RequireTool(HasNbformat.Value, "python3 with nbformat (apt install python3-nbformat)");
        var dir = TestKit.TempDirectory();
        var file = Path.Combine(dir, sample + ".ipynb");
        File.WriteAllText(file, ExecutedNotebookWriter.ToJson(TestKit.Sample(sample)));
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", file])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }

    [SkippableFact]
    public void The_report_of_a_gantt_notebook_draws_the_bars_offline_in_chromium()
    {
        TestKit.RequireTool(HeadlessChromium.Available, "chromium (apt install chromium)");
        var run = TestKit.Sample("gantt");
        Assert.True(run.Succeeded, string.Join("\n", run.Cells.SelectMany(c => c.ErrorLines)));
        var dir = TestKit.TempDirectory();
        var file = Path.Combine(dir, "gantt.html");
        File.WriteAllText(file, HtmlReport.Render(run));
        var (dom, errors) = HeadlessChromium.LoadCollectingErrors(file);
        Assert.Empty(errors);
        // plotly draws one bar per span as a path inside .bars .point.
        Assert.True(Regex.Count(dom, "class=\"point\"") >= 2, "expected the two Gantt bars to be drawn");
        Assert.Contains("class=\"trace bars\"", dom);
    }
}

internal static class ProcessExtensions
{
    public static int WaitForExitAndGetCode(this Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }
}
