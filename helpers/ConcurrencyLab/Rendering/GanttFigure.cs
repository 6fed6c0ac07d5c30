namespace ConcurrencyLab;

/// <summary>
/// Builds the plotly.js figure of a <see cref="GanttChart"/> (see <see cref="PlotlyFigure"/> for why a model of
/// our own). One horizontal <c>bar</c> trace per kind, so the legend has one entry per kind; each bar is placed
/// with <c>base</c> = start and <c>x</c> = duration on a category y axis of lanes.
/// </summary>
internal static class GanttFigure
{
    /// <summary>
    /// A bar shorter than this fraction of the axis (an instant, a 1 µs callback) is drawn this wide so it stays
    /// visible; its hover still gives the real duration.
    /// </summary>
    public const double MinVisibleFraction = 0.004;

    public static int HeightPx(GanttChart chart) =>
        chart.IsEmpty ? 200 : Math.Clamp(110 + 28 * chart.Lanes.Count + (chart.Title is null ? 0 : 30), 180, 4_000);

    public static PlotlyFigure Build(GanttChart chart)
    {
        // Round the end of an automatic axis up a little so the last bar does not touch the edge.
        var axisEnd = chart.AxisEnd <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : chart.AxisEnd;
        var axis = TimeAxis.For(axisEnd);
        var rangeEnd = axis.ToUnit(chart.FixedAxis ? axisEnd : axisEnd * 1.02);
        var minWidth = Math.Round(axis.ToUnit(axisEnd) * MinVisibleFraction, 6);

        var traces = new List<PlotlyFigure.BarTrace>(KindStyle.All.Length);
        foreach (var style in KindStyle.All)
        {
            var bars = chart.Bars.Where(b => b.Kind == style.Kind).ToArray();
            if (bars.Length > 0) traces.Add(Trace(style, bars, axis, minWidth));
        }

        var layout = new PlotlyFigure.PlotLayout(
            Title: chart.Title is { } title ? new(PlotlyHtml.PlotlyText(title)) : null,
            BarMode: "overlay", // bars of different kinds share a lane instead of sitting side by side
            Height: HeightPx(chart),
            HoverMode: "closest",
            Margin: new(T: chart.Title is null ? 30 : 60, B: 50, R: 20),
            Legend: new(Orientation: "h", Y: 1.0, YAnchor: "bottom", X: 1.0, XAnchor: "right"),
            XAxis: new(new($"time since start ({axis.Unit})"), [0, rangeEnd], ZeroLine: false, Visible: !chart.IsEmpty),
            YAxis: new(
                Type: "category",
                CategoryOrder: "array",
                CategoryArray: chart.Lanes.Select(PlotlyHtml.PlotlyText).ToArray(),
                AutoRange: "reversed", // first lane on top
                AutoMargin: true,
                Visible: !chart.IsEmpty),
            Annotations: chart.IsEmpty
                ? [new(GanttChart.EmptyMessage, ShowArrow: false, XRef: "paper", YRef: "paper", X: 0.5, Y: 0.5, new(16))]
                : null);

        return new PlotlyFigure(traces, layout, new PlotlyFigure.PlotConfig(Responsive: true, DisplayLogo: false));
    }

    private static PlotlyFigure.BarTrace Trace(KindStyle style, Span[] bars, TimeAxis axis, double minWidth)
    {
        var unit = axis.Unit;
        return new PlotlyFigure.BarTrace(
            Name: style.Label,
            LegendGroup: style.Label,
            Width: 0.6,
            // A thin white outline keeps back-to-back bars of one kind (and instants) apart.
            Marker: new(style.Colour, new("#ffffff", 0.5)),
            Base: bars.Select(b => axis.ToUnit(b.Start)).ToArray(),
            X: bars.Select(b => Math.Max(axis.ToUnit(b.Duration), minWidth)).ToArray(),
            Y: bars.Select(b => PlotlyHtml.PlotlyText(b.Lane)).ToArray(),
            // [name, thread, real duration]; the page's script appends start and end (see PlotlyHtml).
            CustomData: bars.Select(b => new PlotlyFigure.BarHover(PlotlyHtml.PlotlyText(b.Name), b.ThreadId, axis.ToUnit(b.Duration))).ToArray(),
            HoverTemplate:
                $"<b>%{{customdata[0]}}</b><br>lane: %{{y}}<br>start: %{{customdata[3]}} {unit}<br>end: %{{customdata[4]}} {unit}" +
                $"<br>duration: %{{customdata[2]}} {unit}<br>thread: %{{customdata[1]}}<extra>{style.Label}</extra>");
    }
}
