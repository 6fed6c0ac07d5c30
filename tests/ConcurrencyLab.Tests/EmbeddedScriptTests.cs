using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The charts' and the player's scripts live in .js and .css files embedded in the assembly. A fragment carries each
/// file's code without its documenting header, with the plotly.js address filled in; the browser tests prove the
/// code runs.
/// </summary>
public sealed class EmbeddedScriptTests
{
    [Theory]
    [InlineData("plotly-chart.js", "load().then(draw).catch(fail);")]
    [InlineData("plotlynet-hint.js", "setTimeout(function () { due = true; update(); }, delayMs);")]
    [InlineData("player.js", "render(0);")]
    [InlineData("player.css", ".concurrency-lab-player .clp-out{")]
    public void A_file_is_shipped_as_its_code_without_the_header_comment_or_trailing_line_breaks(string file, string lastCode)
    {
        var text = EmbeddedScript.Read(file);

        Assert.False(text.StartsWith("/*", StringComparison.Ordinal), text[..40]);
        Assert.DoesNotContain("This comment is not shipped", text);
        Assert.False(text.EndsWith('\n'));
        Assert.Contains(lastCode, text.Split('\n')[^1]);
    }

    [Fact]
    public void An_unknown_file_says_the_helpers_need_a_rebuild()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EmbeddedScript.Read("missing.js"));
        Assert.Contains("missing.js", error.Message);
    }

    [Fact]
    public void A_Gantt_chart_loads_the_plotly_js_version_the_helpers_were_built_with()
    {
        var timeline = new Timeline("one span");
        timeline.Add("work", "lane", TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Cpu);

        var html = timeline.ToGantt().ToHtml();

        Assert.Contains($"var url = w.concurrencyLabPlotlyUrl || '{PlotlyJs.CdnUrl}';", html);
        Assert.DoesNotContain("{{", html);
        Assert.DoesNotContain("This comment is not shipped", html);
    }

    [Fact]
    public void The_player_carries_its_styles_as_a_script_string_before_its_script()
    {
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        loop.Run(() => Task.CompletedTask);

        var html = loop.ToPlayer().ToHtml();

        var styles = html.IndexOf("var CSS = \".concurrency-lab-player{", StringComparison.Ordinal);
        var script = html.IndexOf("if (!root || root.getAttribute('data-ready')) return;", StringComparison.Ordinal);
        Assert.True(styles >= 0 && script > styles, "the player's HTML has no styles before its script");
        Assert.DoesNotContain("This comment is not shipped", html);
    }
}
