using System.Text.RegularExpressions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The chart HTML in a real browser (headless chromium), with plotly.js from a local copy: bars must really be
/// drawn, on a plain page, on a page with an AMD loader, with plotly.js already on the page, with several charts,
/// and the text fallback must show when plotly.js cannot be loaded.
/// </summary>
public sealed class BrowserRenderingTests
{
    /// <summary>3 lanes, 9 spans of all three kinds, one of them an instant.</summary>
    internal static Timeline NineSpans()
    {
        var t = new Timeline("three workers");
        static TimeSpan ms(double v) => TimeSpan.FromMilliseconds(v);
        t.Add("parse", "worker A", ms(0), ms(40), SpanKind.Cpu);
        t.Add("read file", "worker A", ms(40), ms(90), SpanKind.Blocked);
        t.Add("compute", "worker A", ms(90), ms(120), SpanKind.Cpu);
        t.Add("download", "worker B", ms(5), ms(80), SpanKind.Waiting);
        t.Add("decode", "worker B", ms(80), ms(110), SpanKind.Cpu);
        t.Add("tick", "worker B", ms(110), ms(110), SpanKind.Cpu); // an instant
        t.Add("sleep", "worker C", ms(0), ms(30), SpanKind.Blocked);
        t.Add("query", "worker C", ms(30), ms(100), SpanKind.Waiting);
        t.Add("render", "worker C", ms(100), ms(125), SpanKind.Cpu);
        return t;
    }

    private static string Page(string body, string head = "") =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>chart</title>{head}</head><body>{body}</body></html>";

    private static string LocalPlotlyUrl => new Uri(PlotlyJsSource.FilePath).AbsoluteUri;

    private static string UseLocalPlotly => $"<script>window.concurrencyLabPlotlyUrl = '{LocalPlotlyUrl}';</script>";

    [SkippableFact]
    public void Draws_one_bar_per_span_on_a_plain_page()
    {
        Chromium.RequireOrSkip();
        var dom = Chromium.DumpDom(Page(NineSpans().ToGantt().ToHtml(), UseLocalPlotly));

        Assert.Equal(9, Chromium.CountBarPoints(dom));
        Assert.Contains("data-drawn=\"true\"", dom);
        Assert.DoesNotContain("class=\"cl-text\"", dom); // the text fallback gave way to the chart
        Assert.Contains("worker C", dom);                  // lane tick labels drawn
    }

    [SkippableFact]
    public void Titles_and_labels_show_quotes_and_markup_exactly_as_typed()
    {
        Chromium.RequireOrSkip();
        // Lesson titles quote units ("s"); plotly.js decodes &amp; &lt; &gt; but would show &quot; literally.
        const string typed = "say_after: 3 \"s\" vs 2 'x' & <b>bold</b>";
        var t = new Timeline(typed);
        t.Add("one", typed, TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Cpu);
        var dom = Chromium.DumpDom(Page(t.ToGantt().ToHtml(), UseLocalPlotly));

        var title = Regex.Match(dom, "class=\"gtitle\"[^>]*>(?<text>.*?)</text>").Groups["text"].Value;
        // The dumped DOM serialises text content with & < > encoded, quotes as they are: what the reader sees.
        Assert.Equal(typed.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;"), title);
        Assert.DoesNotContain("&amp;quot;", dom);
        Assert.DoesNotContain("&amp;#39;", dom);
    }

    [SkippableFact]
    public void Draws_on_a_page_with_an_amd_define_that_would_swallow_plotly()
    {
        Chromium.RequireOrSkip();
        // A bare AMD loader, as some pages have: plotly.js would call define() and never set window.Plotly.
        const string amd = "<script>window.defined = 0; window.define = function () { window.defined++; }; window.define.amd = {};</script>";
        var dom = Chromium.DumpDom(Page(NineSpans().ToGantt().ToHtml(), amd + UseLocalPlotly));

        Assert.Equal(9, Chromium.CountBarPoints(dom));
        Assert.Contains("data-drawn=\"true\"", dom);
    }

    [SkippableFact]
    public void Draws_through_requirejs_as_in_classic_jupyter()
    {
        Chromium.RequireOrSkip();
        // A minimal require.js (the part classic Jupyter's pages use): config paths, anonymous define, require.
        const string requireJs = """
            <script>
            (function () {
              var paths = {}, pending = null;
              window.requirejsLoads = 0;
              window.define = function (deps, factory) { pending = typeof deps === 'function' ? deps : factory; };
              window.define.amd = { jQuery: true };
              window.requirejs = window.require = function (names, ok, fail) {
                var s = document.createElement('script');
                s.src = paths[names[0]] + '.js';
                s.onload = function () { window.requirejsLoads++; var f = pending; pending = null; ok(f()); };
                s.onerror = fail;
                document.head.appendChild(s);
              };
              window.requirejs.config = function (c) { for (var k in c.paths) paths[k] = c.paths[k]; };
            })();
            </script>
            """;
        var dom = Chromium.DumpDom(Page(NineSpans().ToGantt().ToHtml() + NineSpans().ToGantt().ToHtml(), requireJs + UseLocalPlotly + "<script>window.onload = function () { document.body.setAttribute('data-loads', window.requirejsLoads); };</script>"));

        Assert.Equal(18, Chromium.CountBarPoints(dom));
        Assert.Contains("data-loads=\"1\"", dom); // through require, and once for both charts
    }

    [SkippableFact]
    public void Uses_plotly_already_on_the_page_and_loads_nothing()
    {
        Chromium.RequireOrSkip();
        // plotly.js embedded in the head (as the runner's report does); the loader URL points nowhere, so a load
        // attempt would fail and show the fallback.
        var head = $"<script src=\"{LocalPlotlyUrl}\"></script><script>window.concurrencyLabPlotlyUrl = 'file:///nonexistent/plotly.js';</script>";
        var dom = Chromium.DumpDom(Page(NineSpans().ToGantt().ToHtml(), head));

        Assert.Equal(9, Chromium.CountBarPoints(dom));
        Assert.DoesNotContain("nonexistent", dom.Replace("window.concurrencyLabPlotlyUrl = 'file:///nonexistent/plotly.js'", ""));
    }

    [SkippableFact]
    public void Several_charts_on_one_page_load_plotly_once()
    {
        Chromium.RequireOrSkip();
        // One async clerk, one burger: patty and bun on the machine, vegetables by hand (3 bars).
        IChart shop = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Style = ClerkStyle.Async });
        var body = NineSpans().ToGantt().ToHtml()
                   + NineSpans().ToGantt(byThread: true).ToHtml()
                   + shop.ToHtml();
        var dom = Chromium.DumpDom(Page(body, UseLocalPlotly));

        Assert.Equal(9 + 9 + 3, Chromium.CountBarPoints(dom));
        Assert.Equal(3, Regex.Matches(dom, "data-drawn=\"true\"").Count);
        Assert.Single(Regex.Matches(dom, "<script [^>]*src=\"[^\"]*plotly-" + Regex.Escape(PlotlyJs.Version) + "\\.min\\.js\""));
    }

    [SkippableFact]
    public void Shows_the_text_chart_and_a_hint_when_plotly_cannot_be_loaded()
    {
        Chromium.RequireOrSkip();
        var head = "<script>window.concurrencyLabPlotlyUrl = 'file:///nonexistent/plotly.js';</script>";
        var dom = Chromium.DumpDom(Page(NineSpans().ToGantt().ToHtml(), head));

        Assert.Equal(0, Chromium.CountBarPoints(dom));
        Assert.Contains("class=\"cl-text\"", dom);
        Assert.Contains("████", dom);
        Assert.Contains("plotly.js could not be loaded", dom);
    }

    [SkippableFact]
    public void Hostile_span_names_execute_nothing_and_show_as_typed()
    {
        Chromium.RequireOrSkip();
        var t = new Timeline("<img src=x onerror=\"document.body.setAttribute('data-pwned','title')\">");
        t.Add("<img src=x onerror=\"document.body.setAttribute('data-pwned','name')\">", "lane", TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Cpu);
        t.Add("</script><script>document.body.setAttribute('data-pwned','script')</script>", "<b onmouseover=x>lane</b>", TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Waiting);
        var dom = Chromium.DumpDom(Page(t.ToGantt().ToHtml(), UseLocalPlotly));

        Assert.Equal(2, Chromium.CountBarPoints(dom));
        Assert.DoesNotContain("data-pwned=", dom);
        Assert.DoesNotContain("<img", dom);
    }
}
