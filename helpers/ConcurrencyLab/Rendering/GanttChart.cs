namespace ConcurrencyLab;

/// <summary>
/// A Gantt chart of recorded spans: one horizontal bar per span, one row (lane) per worker, task or thread,
/// coloured by kind. Renders inline in a notebook (interactive plotly.js chart), as fixed-width text
/// (<see cref="ToText"/>), or as HTML for any page (<see cref="ToHtml"/>).
/// </summary>
/// <example><code>
/// var timeline = new Timeline("two cooks");
/// timeline.Add("burger", "cook 1", TimeSpan.Zero, TimeSpan.FromMinutes(3), SpanKind.Cpu);
/// timeline.ToGantt()   // last expression of a cell: draws the chart
/// </code></example>
public sealed class GanttChart : IChart
{
    /// <summary>The sentence an empty chart shows instead of bars.</summary>
    internal const string EmptyMessage = "no spans recorded";

    private readonly Span[] _bars;
    private readonly string[] _lanes;

    internal GanttChart(string? title, IEnumerable<Span> bars, TimeSpan? axisMax)
    {
        _bars = bars.ToArray();
        _lanes = _bars.Select(b => b.Lane).Distinct(StringComparer.Ordinal).ToArray(); // first-seen order
        Title = title;
        var latestEnd = _bars.Length == 0 ? TimeSpan.Zero : _bars.Max(b => b.End);
        if (axisMax is { } max)
        {
            if (max <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(axisMax), max, "axisMax is where the time axis ends: it must be positive (or null to fit the spans).");
            if (max < latestEnd)
                throw new ArgumentException(
                    $"axisMax ({max.TotalMilliseconds} ms) ends before the latest span ({latestEnd.TotalMilliseconds} ms), which would be cut off. " +
                    "Pass a larger axisMax (e.g. the largest Makespan of the charts you compare), or null to fit.", nameof(axisMax));
        }
        AxisEnd = axisMax ?? latestEnd;
        FixedAxis = axisMax is not null;
    }

    /// <summary>
    /// A chart of <paramref name="spans"/> (in the order given), one row per recorded lane or, with
    /// <paramref name="byThread"/>, per thread: the one place where that choice becomes rows, for timelines and
    /// simulations alike.
    /// </summary>
    internal static GanttChart From(string? title, IEnumerable<Span> spans, bool byThread, TimeSpan? axisMax)
    {
        // Modelled spans and machine work have no thread (id 0): they keep their lane rather than lumping into one row.
        var bars = byThread ? spans.Select(s => s.ThreadId == 0 ? s : s with { Lane = Timeline.ThreadLane(s.ThreadId) }) : spans;
        return new GanttChart(title, bars, axisMax);
    }

    /// <summary>
    /// One chart of several groups of spans on a shared time axis: each group's lanes stay together, in group
    /// order, prefixed with the group's label ("sequential · cook").
    /// </summary>
    internal static GanttChart Combine(string? title, IEnumerable<(string Label, IEnumerable<Span> Spans)> groups) =>
        new(title, groups.SelectMany(g => g.Spans.Select(s => s with { Lane = $"{g.Label} · {s.Lane}" })), null);

    /// <summary>Shown above the chart; null for none.</summary>
    internal string? Title { get; }

    /// <summary>The bars as drawn: one per span, with <see cref="Span.Lane"/> set to the row it is drawn on.</summary>
    internal IReadOnlyList<Span> Bars => _bars;

    /// <summary>The rows from top to bottom, in the order their first span appears.</summary>
    internal IReadOnlyList<string> Lanes => _lanes;

    /// <summary>Where the time axis ends: the axisMax given, or the latest span end.</summary>
    internal TimeSpan AxisEnd { get; }

    /// <summary>True when the chart has no bars (it then says "no spans recorded").</summary>
    internal bool IsEmpty => _bars.Length == 0;

    internal bool FixedAxis { get; }

    /// <summary>
    /// One chart on a shared time axis for several timelines (sequential vs concurrent vs parallel, model vs
    /// real run): each timeline's lanes are grouped together and prefixed with its title, e.g. "sequential · cook".
    /// Each timeline's times are measured from its own start.
    /// </summary>
    public static GanttChart Compare(string? title, params Timeline[] timelines)
    {
        ArgumentNullException.ThrowIfNull(timelines);
        if (timelines.Length == 0)
            throw new ArgumentException("Compare needs at least one timeline, e.g. GanttChart.Compare(\"runs\", sequential, concurrent).", nameof(timelines));
        var groups = new List<(string, IEnumerable<Span>)>();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < timelines.Length; i++)
        {
            var timeline = timelines[i] ?? throw new ArgumentException($"Timeline number {i + 1} passed to Compare is null.", nameof(timelines));
            var label = string.IsNullOrWhiteSpace(timeline.Title) ? $"timeline {i + 1}" : timeline.Title;
            if (!labels.Add(label)) labels.Add(label = $"{label} ({i + 1})"); // two runs with one title stay apart
            groups.Add((label, timeline.Spans));
        }
        return Combine(title, groups);
    }

    /// <summary>
    /// The chart as an HTML fragment (a div and a script): paste it into any page, or let the notebook show it.
    /// plotly.js is loaded once per page from the CDN unless the page already has <c>window.Plotly</c>; without
    /// it the text chart stays visible.
    /// </summary>
    public string ToHtml() => PlotlyHtml.Render(ToFigureJson(), ToText(), GanttFigure.HeightPx(this));

    /// <summary>The plotly.js figure (<c>{"data":[...],"layout":{...},"config":{...}}</c>) as compact JSON.</summary>
    internal string ToFigureJson() => GanttFigure.Build(this).ToJson();

    /// <summary>
    /// A fixed-width text Gantt: one row per lane, one character per time slot (█ cpu, ▒ blocked, ░ waiting),
    /// an axis and a legend. Deterministic: the same spans always give the same text.
    /// </summary>
    /// <param name="width">Number of time slots (characters) across; at least 10.</param>
    public string ToText(int width = 100) => GanttText.Render(this, width);

    string IChart.ToText() => ToText();

    /// <summary>The text chart (see <see cref="ToText"/>).</summary>
    public override string ToString() => ToText();
}
