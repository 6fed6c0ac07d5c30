using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConcurrencyLab.Tests;

/// <summary>User text (span names, lanes, titles, labels) must never become markup or script in chart HTML.</summary>
public sealed class HtmlEscapingTests
{
    public static TheoryData<string> Hostile => new()
    {
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(1)</script>",
        "<!-- <script>alert(1)</script>",
        "line\u2028separator\u2029paragraph",
        "'); alert(1); ('",
        "\"quoted\" & <b>bold</b>",
    };

    private static readonly string[] Charts = ["gantt", "timeline", "compare", "shop"];

    private static string Html(string chart, string hostile)
    {
        var t = new Timeline(hostile);
        t.Add(hostile, hostile, TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Cpu);
        return chart switch
        {
            "gantt" => t.ToGantt().ToHtml(),
            "timeline" => t.ToGantt(title: hostile, byThread: true).ToHtml(),
            "compare" => GanttChart.Compare(hostile, t, t).ToHtml(),
            _ => ((IChart)BurgerShop.Model(new ShopSetup(new Recipe(hostile, Step.ByHand(hostile, 1))) { Machines = 0 })).ToHtml(),
        };
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_text_is_escaped_in_every_chart(string hostile)
    {
        foreach (var chart in Charts)
        {
            var html = Html(chart, hostile);

            // Only our own script element: none opened or closed by user text, no comment, no raw tag.
            Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
            Assert.Single(Regex.Matches(html, "</script", RegexOptions.IgnoreCase));
            Assert.DoesNotContain("<!--", html);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<b>", html);
            Assert.DoesNotContain("\u2028", html);
            Assert.DoesNotContain("\u2029", html);
            Assert.DoesNotContain("alert(1); ('", html); // a quote cannot end a JavaScript string early
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void The_figure_carries_the_text_encoded_for_plotly_which_shows_it_as_typed(string hostile)
    {
        var t = new Timeline(hostile);
        t.Add(hostile, hostile, TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Cpu);

        using var figure = JsonDocument.Parse(t.ToGantt().ToFigureJson());
        var trace = figure.RootElement.GetProperty("data")[0];

        // plotly.js reads &amp; &lt; &gt; in its text as characters and allows a few tags: so tags arrive as entities.
        // Quotes stay quotes (plotly.js would show &quot; literally); the JSON writer escapes them.
        var expected = hostile.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        Assert.Equal(expected, trace.GetProperty("customdata")[0][0].GetString());
        Assert.Equal(expected, trace.GetProperty("y")[0].GetString());
        Assert.Equal(expected, figure.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void The_text_fallback_is_html_encoded()
    {
        var html = Html("gantt", "<img src=x onerror=alert(1)>");

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }
}
