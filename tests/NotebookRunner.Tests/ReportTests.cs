using ConcurrencyLab.TestSupport;
using System.Diagnostics;
using System.Text.RegularExpressions;
using NotebookRunner.Report;

namespace NotebookRunner.Tests;

/// <summary>The executed .ipynb (valid nbformat 4.5, with cell ids) and the HTML report (offline charts, escaped text).</summary>
public class ReportTests
{
    private static readonly Lazy<bool> HasNbformat = new(() =>
        File.Exists("/usr/bin/python3") && Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import nbformat"]) { RedirectStandardError = true })!
            .WaitForExitAndGetCode() == 0);

    [Fact]
    public void Plotly_js_is_read_from_the_plotly_net_package_at_the_one_pinned_version()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", PlotlyScript.Version);
        Assert.StartsWith("/**", PlotlyScript.Source.TrimStart());
        Assert.Contains($"plotly.js v{PlotlyScript.Version}", PlotlyScript.Source);
        Assert.True(PlotlyScript.Source.Length > 3_000_000);
    }

    [Fact]
    public void The_report_embeds_plotly_once_in_the_head_renders_markdown_and_escapes_text()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "escape", "Console.WriteLine(\"<script>alert(1)</script>\");", "display(HTML(\"<i id='raw'>raw</i>\"));");
        var html = HtmlReport.Render(TestKit.Run(path).Result);
        var banner = $"plotly.js v{PlotlyScript.Version}";
        Assert.Equal(1, Regex.Count(html, Regex.Escape(banner)));
        Assert.True(html.IndexOf(banner, StringComparison.Ordinal) < html.IndexOf("</head>", StringComparison.Ordinal));
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

    [Fact]
    public void The_executed_notebook_keeps_every_cell_gives_each_an_id_and_keeps_raw_cells_raw()
    {
        var dir = TestKit.TempDirectory();
        var path = Path.Combine(dir, "raw.ipynb");
        File.WriteAllText(path, """
            {"cells":[{"cell_type":"raw","metadata":{},"source":"raw text"},
                      {"cell_type":"code","execution_count":null,"metadata":{"polyglot_notebook":{"kernelName":"csharp"}},"outputs":[],"source":"1 + 1"}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}},"nbformat":4,"nbformat_minor":2}
            """);
        var json = System.Text.Json.Nodes.JsonNode.Parse(ExecutedNotebookWriter.ToJson(TestKit.Run(path).Result))!;
        var cells = json["cells"]!.AsArray();
        Assert.Equal("raw", (string?)cells[0]!["cell_type"]);
        Assert.Null(cells[0]!["outputs"]);
        Assert.Equal(["cell-1", "cell-2"], cells.Select(c => (string?)c!["id"]));
        Assert.Equal("2", (string?)cells[1]!["outputs"]![0]!["data"]!["text/plain"]![0]);
    }

    [SkippableTheory]
    [InlineData("basic")]
    [InlineData("errors")]
    [InlineData("polyglot")]
    public void The_executed_notebook_passes_nbformat_validation(string sample)
    {
        TestKit.RequireTool(HasNbformat.Value, "python3 with nbformat (apt install python3-nbformat)");
        var dir = TestKit.TempDirectory();
        var file = Path.Combine(dir, sample + ".ipynb");
        File.WriteAllText(file, ExecutedNotebookWriter.ToJson(TestKit.Sample(sample).Result));
        // Strict: a missing cell id is an error here, not nbformat's warning.
        var check = "import nbformat,sys,warnings; warnings.simplefilter('error'); nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); " +
                    "assert nb.nbformat_minor >= 5 and all(c.get('id') for c in nb.cells), 'cell ids missing'";
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", check, file]) { RedirectStandardError = true, RedirectStandardOutput = true };
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
        Assert.True(run.Succeeded, run.Describe());
        var (dom, errors) = Load(run, "gantt");
        Assert.Empty(errors);
        // plotly draws one bar per span as a path inside .bars .point.
        Assert.True(Regex.Count(dom, "class=\"point\"") >= 2, "expected the two Gantt bars to be drawn");
        Assert.Contains("class=\"trace bars\"", dom);
    }

    [SkippableFact]
    public void A_plotly_net_interactive_chart_draws_offline_from_the_embedded_plotly_js()
    {
        TestKit.RequireTool(HeadlessChromium.Available, "chromium (apt install chromium)");
        var run = TestKit.Sample("plotly-net");
        Assert.True(run.Succeeded, run.Describe());
        var chart = Assert.Single(run.Cell(4).Outputs.OfType<NotebookRunner.Execution.ResultOutput>()).Data["text/html"];
        Assert.Contains("requirejs.config", chart); // what Plotly.NET.Interactive writes: require.js and plotly.js from CDNs
        var (dom, errors) = Load(run, "plotly-net");
        Assert.Empty(errors);
        Assert.Equal(3, Regex.Count(dom, "class=\"point\""));
    }

    [SkippableFact]
    public void After_Lab_Setup_a_plotly_net_chart_shows_its_hint_offline_and_the_report_draws_it_without_the_hint()
    {
        TestKit.RequireTool(HeadlessChromium.Available, "chromium (apt install chromium)");
        var run = TestKit.Sample("plotly-net-lab");
        Assert.True(run.Succeeded, run.Describe());
        var chart = Assert.Single(run.Cell(4).Outputs.OfType<NotebookRunner.Execution.ResultOutput>()).Data["text/html"];
        Assert.StartsWith("<div class=\"concurrency-lab-plotlynet\"", chart);
        Assert.Contains("requirejs.config", chart); // Plotly.NET.Interactive's own HTML, inside the wrapper

        // The output alone, as an editor with no network shows it: the hint says which chart it is.
        var page = Path.Combine(TestKit.TempDirectory(), "output.html");
        File.WriteAllText(page, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{chart}</body></html>");
        var offline = HeadlessChromium.DumpDom(page);
        var (shown, text) = PlotlyNetHint(offline);
        Assert.Contains("display: block", shown);
        Assert.Equal("Plotly.NET bar chart; y: y <probe> & \"co\"; traces: \"bars & <b>\". Interactive chart unavailable: " +
                     "plotly.js could not be loaded (offline?). The runner's HTML report embeds plotly.js.", text);

        // The report embeds plotly.js: the chart draws and the hint stays hidden.
        var (dom, errors) = Load(run, "plotly-net-lab");
        Assert.Empty(errors);
        Assert.Equal(3, Regex.Count(dom, "class=\"point\""));
        Assert.Contains("data-drawn=\"true\"", dom);
        Assert.Contains("display: none", PlotlyNetHint(dom).Style);
    }

    /// <summary>The Plotly.NET chart's hint as the browser left it: its style and its text.</summary>
    private static (string Style, string Text) PlotlyNetHint(string dom)
    {
        var hint = Regex.Match(dom, "<div class=\"cl-plotlynet-hint\" style=\"(?<style>[^\"]*)\">(?<text>[^<]*)</div>");
        Assert.True(hint.Success, "no Plotly.NET hint in the page");
        return (hint.Groups["style"].Value, System.Net.WebUtility.HtmlDecode(hint.Groups["text"].Value));
    }

    private static (string Dom, IReadOnlyList<string> Errors) Load(NotebookRunner.Testing.TestRun run, string name)
    {
        var dir = TestKit.TempDirectory();
        var file = Path.Combine(dir, name + ".html");
        File.WriteAllText(file, HtmlReport.Render(run.Result));
        return HeadlessChromium.LoadCollectingErrors(file);
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
