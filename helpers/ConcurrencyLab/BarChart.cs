using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// A bar chart of labelled values (the cost of a thread vs a task, run times of several strategies...).
/// Renders inline in a notebook like <see cref="GanttChart"/>.
/// </summary>
/// <example><code>
/// new BarChart("Memory per unit of concurrency", "bytes").Add("thread", 1_000_000).Add("task", 200)
/// </code></example>
[TypeFormatterSource(typeof(ChartFormatterSource))]
public sealed class BarChart
{
    private readonly List<(string Label, double Value)> _bars = new();

    /// <summary>A chart with a title and the value axis title (say the unit).</summary>
    public BarChart(string title, string yTitle)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title), "A chart needs a title (it may be empty).");
        YTitle = yTitle ?? throw new ArgumentNullException(nameof(yTitle), "Name the value axis (it may be empty).");
    }

    public string Title { get; }
    public string YTitle { get; }

    /// <summary>The bars in the order added.</summary>
    public IReadOnlyList<(string Label, double Value)> Bars => _bars.ToArray();

    /// <summary>Adds one bar; returns this chart so calls can be chained.</summary>
    public BarChart Add(string label, double value)
    {
        if (string.IsNullOrWhiteSpace(label))
            throw new ArgumentException("A bar needs a label, e.g. \"thread\".", nameof(label));
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Bar '{label}' needs a finite value (not NaN or infinity).");
        _bars.Add((label, value));
        return this;
    }

    /// <summary>The plotly.js figure as compact JSON.</summary>
    public string ToFigureJson() => PlotlyHtml.Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("data");
        if (_bars.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "bar");
            w.WriteStartArray("x");
            foreach (var (label, _) in _bars) w.WriteStringValue(PlotlyHtml.PlotlyText(label));
            w.WriteEndArray();
            w.WriteStartArray("y");
            foreach (var (_, value) in _bars) w.WriteNumberValue(value);
            w.WriteEndArray();
            w.WriteStartArray("text");
            foreach (var (_, value) in _bars) w.WriteStringValue(LineChart.Num(value));
            w.WriteEndArray();
            w.WriteString("textposition", "auto");
            w.WriteStartObject("marker");
            w.WriteString("color", GanttFigure.Colour(SpanKind.Cpu));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("layout");
        PlotlyHtml.WriteTitles(w, Title, "", YTitle, xAxisType: "category");
        w.WriteNumber("height", 360);
        if (_bars.Count == 0) PlotlyHtml.WriteEmptyNote(w, "no bars added");
        w.WriteEndObject();
        PlotlyHtml.WriteConfig(w);
        w.WriteEndObject();
    });

    /// <summary>An HTML fragment drawing the chart (plotly.js, loaded once per page; text if it cannot load).</summary>
    public string ToHtml() => PlotlyHtml.Render(ToFigureJson(), ToText(), 360);

    /// <summary>The bars as text, each scaled to the largest value (40 characters).</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(Title).Append('\n');
        if (_bars.Count == 0) return text.Append("(no bars added)\n").ToString();
        var labelWidth = _bars.Max(b => b.Label.Length);
        var max = _bars.Max(b => Math.Abs(b.Value));
        foreach (var (label, value) in _bars)
        {
            var length = max == 0 ? 0 : (int)Math.Round(40 * Math.Abs(value) / max);
            text.Append(label.PadRight(labelWidth)).Append(" |").Append(new string('█', length)).Append(' ').Append(LineChart.Num(value)).Append('\n');
        }
        text.Append("(").Append(YTitle).Append(")\n");
        return text.ToString();
    }

    /// <inheritdoc cref="ToText"/>
    public override string ToString() => ToText();
}
