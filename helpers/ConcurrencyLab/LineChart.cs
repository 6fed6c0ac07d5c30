using System.Globalization;
using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// A line chart of one or more series (speed-up against the number of workers, time against load...).
/// Renders inline in a notebook like <see cref="GanttChart"/>.
/// </summary>
/// <example><code>
/// new LineChart("Speed-up", "workers", "× faster")
///     .Add("measured", new double[] { 1, 2, 4 }, new[] { 1.0, 1.9, 2.1 })
///     .Add("ideal", new double[] { 1, 2, 4 }, new double[] { 1, 2, 4 }, dashed: true)
/// </code></example>
[TypeFormatterSource(typeof(ChartFormatterSource))]
public sealed class LineChart
{
    private readonly List<(string Name, double[] X, double[] Y, bool Dashed)> _series = new();

    /// <summary>A chart with a title and the two axis titles (units help: "time (ms)").</summary>
    public LineChart(string title, string xTitle, string yTitle)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title), "A chart needs a title (it may be empty).");
        XTitle = xTitle ?? throw new ArgumentNullException(nameof(xTitle), "Name the x axis (it may be empty).");
        YTitle = yTitle ?? throw new ArgumentNullException(nameof(yTitle), "Name the y axis (it may be empty).");
    }

    public string Title { get; }
    public string XTitle { get; }
    public string YTitle { get; }

    /// <summary>The names of the series, in the order added.</summary>
    public IReadOnlyList<string> Series => _series.Select(s => s.Name).ToArray();

    /// <summary>Adds a series (x and y of equal length); returns this chart so calls can be chained.</summary>
    /// <param name="series">The legend name, e.g. "measured".</param>
    /// <param name="x">The x values.</param>
    /// <param name="y">The y values, one per x.</param>
    /// <param name="dashed">Draw a dashed line: for a model or an ideal to compare against.</param>
    public LineChart Add(string series, IEnumerable<double> x, IEnumerable<double> y, bool dashed = false)
    {
        if (string.IsNullOrWhiteSpace(series))
            throw new ArgumentException("A series needs a name for the legend, e.g. \"measured\".", nameof(series));
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xs = x.ToArray();
        var ys = y.ToArray();
        if (xs.Length != ys.Length)
            throw new ArgumentException($"Series '{series}' has {xs.Length} x values but {ys.Length} y values: give one y per x.", nameof(y));
        _series.Add((series, xs, ys, dashed));
        return this;
    }

    /// <summary>The plotly.js figure as compact JSON.</summary>
    public string ToFigureJson() => PlotlyHtml.Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var (name, xs, ys, dashed) in _series)
        {
            w.WriteStartObject();
            w.WriteString("type", "scatter");
            w.WriteString("mode", "lines+markers");
            w.WriteString("name", PlotlyHtml.PlotlyText(name));
            w.WriteStartArray("x");
            foreach (var v in xs) WriteNumber(w, v);
            w.WriteEndArray();
            w.WriteStartArray("y");
            foreach (var v in ys) WriteNumber(w, v);
            w.WriteEndArray();
            w.WriteStartObject("line");
            w.WriteString("dash", dashed ? "dash" : "solid");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("layout");
        PlotlyHtml.WriteTitles(w, Title, XTitle, YTitle);
        w.WriteNumber("height", 380);
        if (_series.Count == 0) PlotlyHtml.WriteEmptyNote(w, "no data added");
        w.WriteEndObject();
        PlotlyHtml.WriteConfig(w);
        w.WriteEndObject();
    });

    /// <summary>An HTML fragment drawing the chart (plotly.js, loaded once per page; text if it cannot load).</summary>
    public string ToHtml() => PlotlyHtml.Render(ToFigureJson(), ToText(), 380);

    /// <summary>The data as a text table, one block per series.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(Title).Append('\n');
        if (_series.Count == 0) return text.Append("(no data added)\n").ToString();
        foreach (var (name, xs, ys, dashed) in _series)
        {
            text.Append(name).Append(dashed ? " (dashed)" : "").Append(": ");
            text.AppendJoin(", ", xs.Zip(ys, (a, b) => $"{XTitle} {Num(a)} → {Num(b)}"));
            text.Append('\n');
        }
        text.Append("(y: ").Append(YTitle).Append(")\n");
        return text.ToString();
    }

    /// <inheritdoc cref="ToText"/>
    public override string ToString() => ToText();

    internal static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    // JSON has no NaN or infinity: a gap in the line is null to plotly.js.
    private static void WriteNumber(System.Text.Json.Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
    }
}
