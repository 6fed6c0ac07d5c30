using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// Builds the plotly.js figure of a <see cref="GanttChart"/> by hand (plain JSON: no plotting package, see the
/// library's project file). One <c>bar</c> trace per kind (so the legend has one entry per kind), horizontal,
/// each bar placed with <c>base</c> = start and <c>x</c> = duration on a category y axis of lanes.
/// </summary>
internal static class GanttFigure
{
    /// <summary>Colours by kind: hot for computing, grey for a held-but-idle thread, light for waiting (no thread).</summary>
    public static string Colour(SpanKind kind) => kind switch
    {
        SpanKind.Cpu => "#d9534f",
        SpanKind.Blocked => "#7f8c9a",
        _ => "#7cc5d9",
    };

    /// <summary>The legend name of a kind, as in the text chart.</summary>
    public static string Label(SpanKind kind) => kind switch
    {
        SpanKind.Cpu => "cpu",
        SpanKind.Blocked => "blocked",
        _ => "waiting",
    };

    /// <summary>
    /// A bar shorter than this fraction of the axis (an instant, a 1 µs callback) is drawn this wide so it stays
    /// visible; its hover still gives the real duration.
    /// </summary>
    public const double MinVisibleFraction = 0.004;

    public static int HeightPx(GanttChart chart) =>
        chart.IsEmpty ? 200 : Math.Clamp(110 + 28 * chart.Lanes.Count + (chart.Title is null ? 0 : 30), 180, 4_000);

    public static string ToJson(GanttChart chart) => PlotlyHtml.Json(w =>
    {
        // Round the end of an automatic axis up a little so the last bar does not touch the edge.
        var axisEnd = chart.AxisEnd <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : chart.AxisEnd;
        var axis = TimeAxis.For(axisEnd);
        var rangeEnd = axis.ToUnit(chart.FixedAxis ? axisEnd : axisEnd * 1.02);
        var minWidth = axis.ToUnit(axisEnd) * MinVisibleFraction;

        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var kind in new[] { SpanKind.Cpu, SpanKind.Blocked, SpanKind.Waiting })
        {
            var bars = chart.Bars.Where(b => b.Kind == kind).ToArray();
            if (bars.Length == 0) continue;
            WriteTrace(w, kind, bars, axis, minWidth);
        }
        w.WriteEndArray();

        w.WriteStartObject("layout");
        if (chart.Title is { } title)
        {
            w.WriteStartObject("title");
            w.WriteString("text", PlotlyText(title));
            w.WriteEndObject();
        }
        w.WriteString("barmode", "overlay"); // bars of different kinds share a lane instead of sitting side by side
        w.WriteNumber("height", HeightPx(chart));
        w.WriteString("hovermode", "closest");
        w.WriteStartObject("margin");
        w.WriteNumber("t", chart.Title is null ? 30 : 60);
        w.WriteNumber("b", 50);
        w.WriteNumber("r", 20);
        w.WriteEndObject();
        w.WriteStartObject("legend");
        w.WriteString("orientation", "h");
        w.WriteNumber("y", 1.0);
        w.WriteString("yanchor", "bottom");
        w.WriteNumber("x", 1.0);
        w.WriteString("xanchor", "right");
        w.WriteEndObject();

        w.WriteStartObject("xaxis");
        w.WriteStartObject("title");
        w.WriteString("text", $"time since start ({axis.Unit})");
        w.WriteEndObject();
        w.WriteStartArray("range");
        w.WriteNumberValue(0);
        w.WriteNumberValue(rangeEnd);
        w.WriteEndArray();
        w.WriteBoolean("zeroline", false);
        w.WriteBoolean("visible", !chart.IsEmpty);
        w.WriteEndObject();

        w.WriteStartObject("yaxis");
        w.WriteString("type", "category");
        w.WriteString("categoryorder", "array");
        w.WriteStartArray("categoryarray");
        foreach (var lane in chart.Lanes) w.WriteStringValue(PlotlyText(lane));
        w.WriteEndArray();
        w.WriteString("autorange", "reversed"); // first lane on top
        w.WriteBoolean("automargin", true);
        w.WriteBoolean("visible", !chart.IsEmpty);
        w.WriteEndObject();

        if (chart.IsEmpty)
        {
            w.WriteStartArray("annotations");
            w.WriteStartObject();
            w.WriteString("text", GanttChart.EmptyMessage);
            w.WriteBoolean("showarrow", false);
            w.WriteString("xref", "paper");
            w.WriteString("yref", "paper");
            w.WriteNumber("x", 0.5);
            w.WriteNumber("y", 0.5);
            w.WriteStartObject("font");
            w.WriteNumber("size", 16);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();

        w.WriteStartObject("config");
        w.WriteBoolean("responsive", true);
        w.WriteBoolean("displaylogo", false);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void WriteTrace(Utf8JsonWriter w, SpanKind kind, Span[] bars, TimeAxis axis, double minWidth)
    {
        var label = Label(kind);
        w.WriteStartObject();
        w.WriteString("type", "bar");
        w.WriteString("orientation", "h");
        w.WriteString("name", label);
        w.WriteString("legendgroup", label);
        w.WriteNumber("width", 0.6);
        w.WriteStartObject("marker");
        w.WriteString("color", Colour(kind));
        // A thin white outline keeps back-to-back bars of one kind (and instants) apart.
        w.WriteStartObject("line");
        w.WriteString("color", "#ffffff");
        w.WriteNumber("width", 0.5);
        w.WriteEndObject();
        w.WriteEndObject();

        // Arrays per trace rather than one object per bar: the 10,000-span chart stays well under 1.5 MB.
        w.WriteStartArray("base");
        foreach (var b in bars) w.WriteNumberValue(axis.ToUnit(b.Start));
        w.WriteEndArray();
        w.WriteStartArray("x");
        foreach (var b in bars) w.WriteNumberValue(Math.Max(axis.ToUnit(b.Duration), Math.Round(minWidth, 6)));
        w.WriteEndArray();
        w.WriteStartArray("y");
        foreach (var b in bars) w.WriteStringValue(PlotlyText(b.Lane));
        w.WriteEndArray();
        // [name, thread, real duration]; the page's script appends start and end (see PlotlyHtml).
        w.WriteStartArray("customdata");
        foreach (var b in bars)
        {
            w.WriteStartArray();
            w.WriteStringValue(PlotlyText(b.Name));
            w.WriteNumberValue(b.ThreadId);
            w.WriteNumberValue(axis.ToUnit(b.Duration));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        var unit = axis.Unit;
        w.WriteString("hovertemplate",
            $"<b>%{{customdata[0]}}</b><br>lane: %{{y}}<br>start: %{{customdata[3]}} {unit}<br>end: %{{customdata[4]}} {unit}" +
            $"<br>duration: %{{customdata[2]}} {unit}<br>thread: %{{customdata[1]}}<extra>{label}</extra>");
        w.WriteEndObject();
    }

    private static string PlotlyText(string s) => PlotlyHtml.PlotlyText(s);
}
