namespace ConcurrencyLab;

/// <summary>
/// The renderings of a <see cref="Timeline"/>: a Gantt chart and a Chrome trace. Extension methods, so a timeline
/// reads <c>timeline.ToGantt()</c> while the recorder itself knows nothing of charts.
/// </summary>
public static class TimelineCharts
{
    /// <summary>
    /// Draws the spans recorded so far as a Gantt chart (a snapshot: later spans do not change it).
    /// </summary>
    /// <param name="timeline">The recorded spans.</param>
    /// <param name="title">Shown above the chart; defaults to the timeline's <see cref="Timeline.Title"/>.</param>
    /// <param name="byThread">One row per managed thread a span started on ("thread 7"), to show thread hops after
    /// <c>await</c>, instead of one per recorded lane; a span with no thread (id 0: modelled) keeps its lane.</param>
    /// <param name="axisMax">Fixes where the time axis ends, so several charts share one scale; null fits the spans.</param>
    public static GanttChart ToGantt(this Timeline timeline, string? title = null, bool byThread = false, TimeSpan? axisMax = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return GanttChart.From(title ?? timeline.Title, timeline.Spans, byThread, axisMax);
    }

    /// <summary>
    /// The spans as Chrome trace-event JSON: open the file in https://ui.perfetto.dev or chrome://tracing to zoom
    /// through a long run. Every span is a complete event (<c>"ph":"X"</c>) with <c>ts</c> and <c>dur</c> in
    /// microseconds; each lane becomes a named track, in first-seen order.
    /// </summary>
    public static string ToChromeTrace(this Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return ChromeTrace.Write(timeline.Title, timeline.Spans);
    }
}
