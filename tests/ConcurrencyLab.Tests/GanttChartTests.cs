using System.Text.Json;

namespace ConcurrencyLab.Tests;

public sealed class GanttChartTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static JsonElement Figure(GanttChart chart) => JsonDocument.Parse(chart.ToFigureJson()).RootElement.Clone();

    private static JsonElement[] Traces(JsonElement figure) => figure.GetProperty("data").EnumerateArray().ToArray();

    [Fact]
    public void One_horizontal_bar_per_span_one_trace_per_kind_in_legend_order()
    {
        var figure = Figure(BrowserRenderingTests.NineSpans().ToGantt());
        var traces = Traces(figure);

        Assert.Equal(["cpu", "blocked", "waiting"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t =>
        {
            Assert.Equal("bar", t.GetProperty("type").GetString());
            Assert.Equal("h", t.GetProperty("orientation").GetString());
        });
        Assert.Equal(9, traces.Sum(t => t.GetProperty("base").GetArrayLength()));
        Assert.Equal("overlay", figure.GetProperty("layout").GetProperty("barmode").GetString());
    }

    [Fact]
    public void Bars_start_at_their_span_start_and_are_as_long_as_it()
    {
        var t = new Timeline();
        t.Add("a", "lane", Ms(10), Ms(35), SpanKind.Cpu);
        t.Add("b", "lane", Ms(50), Ms(100), SpanKind.Cpu);

        var trace = Traces(Figure(t.ToGantt()))[0];

        Assert.Equal([10.0, 50.0], trace.GetProperty("base").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([25.0, 50.0], trace.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        var custom = trace.GetProperty("customdata")[0];
        Assert.Equal("a", custom[0].GetString());
        Assert.Equal(25.0, custom[2].GetDouble());
        var hover = trace.GetProperty("hovertemplate").GetString()!;
        foreach (var part in new[] { "customdata[0]", "start", "end", "duration", "thread", "lane" })
            Assert.Contains(part, hover);
    }

    [Fact]
    public void An_instant_still_gets_a_visible_bar_but_its_real_duration_in_the_hover()
    {
        var t = new Timeline();
        t.Add("long", "lane", Ms(0), Ms(1000), SpanKind.Cpu);
        t.Add("callback", "loop", Ms(500), Ms(500), SpanKind.Cpu);

        var trace = Traces(Figure(t.ToGantt()))[0];

        var width = trace.GetProperty("x")[1].GetDouble();
        Assert.True(width >= 1000 * GanttFigure.MinVisibleFraction * 0.99, $"an instant should be drawn at least {GanttFigure.MinVisibleFraction:P1} of the axis wide, got {width}");
        Assert.Equal(0.0, trace.GetProperty("customdata")[1][2].GetDouble());
    }

    [Fact]
    public void Lanes_run_top_to_bottom_in_first_seen_order()
    {
        var t = new Timeline();
        t.Add("x", "zeta", Ms(0), Ms(5), SpanKind.Cpu);
        t.Add("y", "alpha", Ms(1), Ms(5), SpanKind.Cpu);
        t.Add("z", "zeta", Ms(2), Ms(5), SpanKind.Cpu);
        t.Add("w", "mid", Ms(3), Ms(5), SpanKind.Cpu);

        var chart = t.ToGantt();
        var yaxis = Figure(chart).GetProperty("layout").GetProperty("yaxis");

        Assert.Equal(["zeta", "alpha", "mid"], chart.Lanes);
        Assert.Equal(["zeta", "alpha", "mid"], yaxis.GetProperty("categoryarray").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("reversed", yaxis.GetProperty("autorange").GetString());
        Assert.Equal("category", yaxis.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(1_500, "ms")]
    [InlineData(30_000, "s")]
    [InlineData(600_000, "min")]
    public void The_time_axis_unit_fits_the_run_and_is_named_in_its_title(double endMs, string unit)
    {
        var t = new Timeline();
        t.Add("run", "lane", Ms(0), Ms(endMs), SpanKind.Cpu);

        var xaxis = Figure(t.ToGantt()).GetProperty("layout").GetProperty("xaxis");

        Assert.Equal($"time since start ({unit})", xaxis.GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void By_thread_draws_one_row_per_thread_and_keeps_the_lane_of_a_span_with_none()
    {
        var t = new Timeline();
        t.Add("fry", "cook 1", Ms(0), Ms(5), SpanKind.Cpu, threadId: 7);
        t.Add("fry", "cook 2", Ms(1), Ms(5), SpanKind.Cpu, threadId: 9);
        t.Add("stir", "cook 3", Ms(2), Ms(5), SpanKind.Cpu, threadId: 7);
        t.Add("plan", "boss", Ms(2), Ms(5), SpanKind.Cpu); // modelled: no thread, keeps its lane

        Assert.Equal(["thread 7", "thread 9", "boss"], t.ToGantt(byThread: true).Lanes);
        Assert.Equal(["cook 1", "cook 2", "cook 3", "boss"], t.ToGantt().Lanes);
    }

    [Fact]
    public void Title_defaults_to_the_timeline_title_and_can_be_overridden()
    {
        var t = new Timeline("from the timeline");
        t.Add("a", "lane", Ms(0), Ms(5), SpanKind.Cpu);

        Assert.Equal("from the timeline", t.ToGantt().Title);
        Assert.Equal("given", t.ToGantt("given").Title);
        Assert.Equal("given", Figure(t.ToGantt("given")).GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void AxisMax_fixes_the_axis_end_so_charts_share_a_scale()
    {
        var t = new Timeline();
        t.Add("a", "lane", Ms(0), Ms(50), SpanKind.Cpu);

        var range = Figure(t.ToGantt(axisMax: Ms(200))).GetProperty("layout").GetProperty("xaxis").GetProperty("range");

        Assert.Equal(0, range[0].GetDouble());
        Assert.Equal(200, range[1].GetDouble());
    }

    [Fact]
    public void AxisMax_before_the_last_span_or_not_positive_is_refused()
    {
        var t = new Timeline();
        t.Add("a", "lane", Ms(0), Ms(50), SpanKind.Cpu);

        var tooShort = Assert.Throws<ArgumentException>(() => t.ToGantt(axisMax: Ms(10)));
        Assert.Contains("axisMax", tooShort.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.ToGantt(axisMax: TimeSpan.Zero));
    }

    [Fact]
    public void An_empty_timeline_gives_a_chart_that_says_so()
    {
        var chart = new Timeline("nothing yet").ToGantt();
        var figure = Figure(chart);

        Assert.True(chart.IsEmpty);
        Assert.Empty(Traces(figure));
        Assert.Equal("no spans recorded", figure.GetProperty("layout").GetProperty("annotations")[0].GetProperty("text").GetString());
        Assert.Contains("no spans recorded", chart.ToHtml());
        Assert.Contains("no spans recorded", chart.ToText());
    }

    [Fact]
    public void Compare_puts_timelines_on_one_axis_with_lanes_grouped_and_prefixed()
    {
        var sequential = new Timeline("sequential");
        sequential.Add("A", "task A", Ms(0), Ms(100), SpanKind.Cpu);
        sequential.Add("B", "task B", Ms(100), Ms(200), SpanKind.Cpu);
        var concurrent = new Timeline("concurrent");
        concurrent.Add("B", "task B", Ms(0), Ms(100), SpanKind.Waiting);
        concurrent.Add("A", "task A", Ms(0), Ms(100), SpanKind.Waiting);
        var untitled = new Timeline();
        untitled.Add("C", "task C", Ms(0), Ms(10), SpanKind.Blocked);

        var chart = GanttChart.Compare("three ways", sequential, concurrent, untitled);

        Assert.Equal("three ways", chart.Title);
        Assert.Equal(["sequential · task A", "sequential · task B", "concurrent · task B", "concurrent · task A", "timeline 3 · task C"], chart.Lanes);
        Assert.Equal(5, chart.Bars.Count);
        Assert.Equal(Ms(200), chart.AxisEnd);
    }

    [Fact]
    public void Compare_keeps_two_timelines_with_the_same_title_apart()
    {
        var a = new Timeline("run");
        a.Add("x", "lane", Ms(0), Ms(5), SpanKind.Cpu);
        var b = new Timeline("run");
        b.Add("x", "lane", Ms(0), Ms(7), SpanKind.Cpu);

        Assert.Equal(["run · lane", "run (2) · lane"], GanttChart.Compare(null, a, b).Lanes);
    }

    [Fact]
    public void A_timeline_of_instants_only_still_draws()
    {
        var t = new Timeline();
        t.Add("tick", "loop", Ms(0), Ms(0), SpanKind.Cpu);
        t.Add("tock", "loop", Ms(0), Ms(0), SpanKind.Waiting);

        var chart = t.ToGantt();
        var trace = Traces(Figure(chart))[0];

        Assert.True(trace.GetProperty("x")[0].GetDouble() > 0);
        Assert.StartsWith("loop |█         |", chart.ToText(width: 10));
    }

    [Fact]
    public void Compare_refuses_no_timelines_or_a_null_one()
    {
        Assert.Throws<ArgumentException>(() => GanttChart.Compare("none"));
        var e = Assert.Throws<ArgumentException>(() => GanttChart.Compare("one null", new Timeline(), null!));
        Assert.Contains("number 2", e.Message);
    }

    [Fact]
    public void The_chart_is_a_snapshot_and_its_text_is_its_ToString()
    {
        var t = new Timeline();
        t.Add("a", "lane", Ms(0), Ms(5), SpanKind.Cpu);
        var chart = t.ToGantt();
        t.Add("b", "lane", Ms(5), Ms(9), SpanKind.Cpu);

        Assert.Single(chart.Bars);
        Assert.Equal(chart.ToText(), chart.ToString());
    }

    [Fact]
    public void Html_loads_the_pinned_plotly_once_per_page_and_keeps_a_text_fallback()
    {
        var html = BrowserRenderingTests.NineSpans().ToGantt().ToHtml();

        Assert.Contains($"https://cdn.plot.ly/plotly-{PlotlyJs.Version}.min.js", html);
        Assert.Contains("__concurrencyLabPlotly", html);   // the page-wide promise
        Assert.Contains("w.Plotly && w.Plotly.newPlot", html); // plotly.js already on the page is used
        Assert.Contains("savedDefine.amd", html);          // the AMD trap is handled
        Assert.Contains("class=\"cl-text\"", html);
        Assert.Contains("worker A", html);
        Assert.NotEqual(ExtractId(html), ExtractId(BrowserRenderingTests.NineSpans().ToGantt().ToHtml()));
    }

    [Fact]
    public void A_ten_thousand_span_chart_stays_under_one_and_a_half_megabytes()
    {
        var t = new Timeline("10,000 spans");
        var random = new Random(42);
        for (var lane = 0; lane < 16; lane++)
        {
            var at = TimeSpan.Zero;
            for (var i = 0; i < 625; i++)
            {
                var length = TimeSpan.FromMicroseconds(random.Next(100, 25_000));
                t.Add($"step {i}", $"worker {lane}", at, at + length, (SpanKind)(i % 3), threadId: 100 + lane);
                at += length;
            }
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(t.ToGantt().ToHtml());

        Assert.True(bytes <= 1_500_000, $"the 10,000-span chart is {bytes:N0} bytes of HTML; keep it at most 1.5 MB");
    }

    private static string ExtractId(string html) => System.Text.RegularExpressions.Regex.Match(html, "id=\"([^\"]+)\"").Groups[1].Value;
}
