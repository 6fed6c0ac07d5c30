using System.Net;
using System.Text.RegularExpressions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The wrapper around a Plotly.NET chart's HTML: the chart's own HTML kept as it is, a hint that says which chart it
/// is (escaped), an id of its own per output; and the one-line description read from the chart's JSON.
/// </summary>
public sealed class PlotlyNetHintTests
{
    /// <summary>What Plotly.NET.Interactive 6.0.0 wrote for a bar chart in lesson 01, in the genuine kernel.</summary>
    internal static string PlotlyNetInteractiveHtml =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "ConcurrencyLab.Tests", "Fixtures", "plotly-net-interactive-bar-chart.html"));

    private static string HintOf(string wrapped) =>
        Regex.Match(wrapped, "<div class=\"cl-plotlynet-hint\"[^>]*>(?<text>[^<]*)</div>").Groups["text"].Value;

    [Fact]
    public void Keeps_the_chart_html_and_puts_the_hint_before_it()
    {
        var chart = PlotlyNetInteractiveHtml;

        var wrapped = PlotlyNetHint.Wrap(chart, "Plotly.NET bar chart");

        var hintAt = wrapped.IndexOf("class=\"cl-plotlynet-hint\"", StringComparison.Ordinal);
        var chartAt = wrapped.IndexOf(chart, StringComparison.Ordinal);
        Assert.True(hintAt >= 0 && chartAt > hintAt, "the hint comes first, then the chart's HTML unchanged");
        Assert.Equal("Plotly.NET bar chart. " + PlotlyNetHint.Unavailable, WebUtility.HtmlDecode(HintOf(wrapped)));
        // The script comes after the chart's own (it looks for the drawing inside the wrapper) and names the wrapper.
        var id = Regex.Match(wrapped, "<div class=\"concurrency-lab-plotlynet\" id=\"(?<id>[^\"]+)\">").Groups["id"].Value;
        Assert.NotEmpty(id);
        Assert.True(wrapped.LastIndexOf($"getElementById('{id}')", StringComparison.Ordinal) > chartAt + chart.Length);
    }

    [Fact]
    public void Every_output_gets_its_own_id()
    {
        var ids = Enumerable.Range(0, 50)
            .Select(_ => Regex.Match(PlotlyNetHint.Wrap("<div></div>", "x"), "id=\"(?<id>[^\"]+)\"").Groups["id"].Value)
            .ToList();

        Assert.Equal(50, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("a & b </div><b>bold</b>")]
    [InlineData("quotes \" and ' and \u2028 separator")]
    public void What_the_user_typed_is_text_never_markup(string typed)
    {
        var wrapped = PlotlyNetHint.Wrap("<div id=\"c\"></div><script>Plotly.newPlot('c')</script>", $"Plotly.NET chart \"{typed}\"");

        var hint = HintOf(wrapped);
        Assert.DoesNotContain('<', hint);
        Assert.DoesNotContain('\u2028', hint);
        Assert.Contains(typed, WebUtility.HtmlDecode(hint));
        // The chart's one script and the hint's: none from the description.
        Assert.Equal(2, Regex.Matches(wrapped, "<script").Count);
        Assert.DoesNotContain("<b>", wrapped);
    }

    [Fact]
    public void Only_html_that_draws_with_plotly_is_a_chart_to_wrap()
    {
        Assert.True(PlotlyNetHint.DrawsWithPlotly(PlotlyNetInteractiveHtml));
        Assert.False(PlotlyNetHint.DrawsWithPlotly("<table><tr><td>Plotly.NET.GenericChart+Chart</td></tr></table>"));
    }

    [Fact]
    public void Describes_a_line_chart_by_its_axes_and_traces()
    {
        const string json = """
            {"data":[{"type":"scatter","name":"measured","mode":"lines+markers","x":[1,2],"y":[1.0,1.6]},
                     {"type":"scatter","name":"ideal: min(workers, cores)","mode":"lines","x":[1,2],"y":[1.0,2.0]}],
             "layout":{"template":{"layout":{"title":{"x":0.05}}},"xaxis":{"title":{"text":"workers"}},
                       "yaxis":{"title":{"text":"speed-up (× one worker)"}}},"config":{}}
            """;

        Assert.Equal("Plotly.NET line chart; y: speed-up (× one worker); x: workers; traces: \"measured\", \"ideal: min(workers, cores)\"",
            PlotlyNetDescription.Describe(json));
    }

    [Fact]
    public void Describes_a_titled_chart_of_bars_and_markers_and_caps_long_lists()
    {
        var names = string.Join(",", Enumerable.Range(1, 10).Select(i => $"{{\"type\":\"bar\",\"name\":\"b{i}\"}}"));
        var json = "{\"data\":[" + names + """,{"type":"scatter","mode":"markers","name":"dots"}],""" +
                   """ "layout":{"title":"a <b> & c","yaxis":{"title":{"text":"   "}}}}""";

        Assert.Equal("Plotly.NET bar and scatter chart \"a <b> & c\"; traces: \"b1\", \"b2\", \"b3\", \"b4\", \"b5\", \"b6\", \"b7\", \"b8\" and 3 more",
            PlotlyNetDescription.Describe(json));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void Describes_what_it_cannot_read_as_a_plain_chart(string json) =>
        Assert.Equal("Plotly.NET chart", PlotlyNetDescription.Describe(json));

    [Fact]
    public void Shortens_a_very_long_title()
    {
        var title = new string('t', 500);

        var description = PlotlyNetDescription.Describe("{\"layout\":{\"title\":{\"text\":\"" + title + "\"}}}");

        Assert.Equal($"Plotly.NET chart \"{new string('t', 119)}…\"", description);
    }
}
