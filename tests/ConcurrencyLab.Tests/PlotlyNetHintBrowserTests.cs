using System.Text.RegularExpressions;
using NotebookRunner.Report;

namespace ConcurrencyLab.Tests;

/// <summary>
/// A Plotly.NET chart as Plotly.NET.Interactive writes it (a genuine output), wrapped with the hint, in headless
/// chromium with no network: it loads require.js and plotly.js from CDNs, fails, and the hint shows. With plotly.js on
/// the page (as the runner's report has it) the chart draws and the hint never shows; a chart that draws late hides a
/// hint already shown. Virtual time: the hint's delay passes without waiting.
/// </summary>
public sealed class PlotlyNetHintBrowserTests
{
    private const string Description = "Plotly.NET bar chart; y: ms <to> start & finish; traces: \"time\"";

    private static string Page(string head) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>chart</title>{head}</head><body>"
        + PlotlyNetHint.Wrap(PlotlyNetHintTests.PlotlyNetInteractiveHtml, Description)
        + "</body></html>";

    private static string LocalPlotly => $"<script src=\"{new Uri(PlotlyJsSource.FilePath).AbsoluteUri}\"></script>";

    /// <summary>The hint element as the browser left it: its style and its text.</summary>
    private static (string Style, string Text) Hint(string dom)
    {
        var hint = Regex.Match(dom, "<div class=\"cl-plotlynet-hint\" style=\"(?<style>[^\"]*)\">(?<text>[^<]*)</div>");
        Assert.True(hint.Success, "no hint element in the page");
        return (hint.Groups["style"].Value, System.Net.WebUtility.HtmlDecode(hint.Groups["text"].Value));
    }

    [SkippableFact]
    public void Offline_the_hint_says_which_chart_it_is_and_why_it_is_blank()
    {
        Chromium.RequireOrSkip();

        var dom = Chromium.DumpDom(Page(head: ""));

        Assert.DoesNotContain("class=\"main-svg\"", dom); // nothing drawn: require.js never came
        Assert.Contains("data-drawn=\"false\"", dom);
        var (style, text) = Hint(dom);
        Assert.Contains("display: block", style);
        Assert.Equal(Description + ". " + PlotlyNetHint.Unavailable, text);
    }

    [SkippableFact]
    public void With_plotly_js_on_the_page_the_chart_draws_and_the_hint_never_shows()
    {
        Chromium.RequireOrSkip();
        // The runner's report: plotly.js embedded, then its stand-in for require.js that answers 'plotly' with it.
        // Every change of the hint's style is recorded, so a hint shown for a moment would be seen.
        var dom = Chromium.DumpDom(Page(LocalPlotly + $"<script>{OfflineRequire.Script}</script>" + RecordHintDisplays));

        Assert.Equal(2, Chromium.CountBarPoints(dom)); // 2,000 threads and 2,000 tasks
        Assert.Contains("data-drawn=\"true\"", dom);
        Assert.Contains("display: none", Hint(dom).Style);
        Assert.Equal("none", HintDisplays(dom));
    }

    [SkippableFact]
    public void A_chart_that_draws_after_the_hint_showed_hides_it()
    {
        Chromium.RequireOrSkip();
        // A require.js whose 'plotly' arrives long after the hint's delay, as on a very slow network.
        var lateRequire = $$"""
            <script>
            window.requirejs = window.require = function (names, ok) { setTimeout(function () { ok(window.Plotly); }, {{PlotlyNetHint.HintDelayMs * 2}}); };
            window.requirejs.config = function () { return window.requirejs; };
            </script>
            """;

        var dom = Chromium.DumpDom(Page(LocalPlotly + lateRequire + RecordHintDisplays), virtualTimeBudgetMs: PlotlyNetHint.HintDelayMs * 4);

        Assert.Equal(2, Chromium.CountBarPoints(dom));
        Assert.Equal("none block none", HintDisplays(dom));
    }

    // Records each change of the hint's display on the body (data-hint-displays), starting with the display the
    // hint has once its script ran.
    private const string RecordHintDisplays = """
        <script>
        document.addEventListener('DOMContentLoaded', function () {
          var hint = document.querySelector('.cl-plotlynet-hint'), seen = [];
          function note() {
            if (seen[seen.length - 1] === hint.style.display) return;
            seen.push(hint.style.display);
            document.body.setAttribute('data-hint-displays', seen.join(' '));
          }
          note();
          new MutationObserver(note).observe(hint, { attributes: true, attributeFilter: ['style'] });
        });
        </script>
        """;

    private static string HintDisplays(string dom) =>
        Regex.Match(dom, "data-hint-displays=\"(?<d>[^\"]*)\"") is { Success: true } m ? m.Groups["d"].Value
            : throw new Xunit.Sdk.XunitException("the page recorded no hint display");
}
