namespace ConcurrencyLab.Tests;

/// <summary>One look per span kind, used by every rendering.</summary>
public sealed class KindStyleTests
{
    [Fact]
    public void Every_kind_has_one_distinct_style()
    {
        Assert.Equal(Enum.GetValues<SpanKind>(), KindStyle.All.Select(k => k.Kind).Order());
        Assert.Equal(KindStyle.All.Length, KindStyle.All.Select(k => k.Label).Distinct().Count());
        Assert.Equal(KindStyle.All.Length, KindStyle.All.Select(k => k.Colour).Distinct().Count());
        Assert.Equal(KindStyle.All.Length, KindStyle.All.Select(k => k.TextCell).Distinct().Count());
        Assert.All(Enum.GetValues<SpanKind>(), kind => Assert.Equal(kind, KindStyle.Of(kind).Kind));
    }

    [Fact]
    public void An_unknown_kind_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KindStyle.Of((SpanKind)9));

    [Fact]
    public void The_figure_the_text_and_the_trace_all_use_the_style()
    {
        var t = BrowserRenderingTests.NineSpans();
        var chart = t.ToGantt();
        var figure = GanttFigure.Build(chart);
        var text = chart.ToText();
        var trace = t.ToChromeTrace();

        foreach (var style in KindStyle.All)
        {
            var bars = Assert.Single(figure.Data, d => d.Name == style.Label);
            Assert.Equal(style.Colour, bars.Marker.Color);
            Assert.Contains($"{style.TextCell} {style.Label}", text);
            Assert.Contains($"\"cat\":\"{style.Label}\"", trace);
        }
    }
}
