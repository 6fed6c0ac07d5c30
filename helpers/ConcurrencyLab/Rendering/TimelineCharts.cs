namespace ConcurrencyLab;

[TypeFormatterSource(typeof(ChartFormatterSource))]
public sealed partial class Timeline
{
    /// <summary>
    /// Draws the spans recorded so far as a Gantt chart (a snapshot: later spans do not change it).
    /// </summary>
    /// <param name="title">Shown above the chart; defaults to the timeline's <see cref="Title"/>.</param>
    /// <param name="laneBy">Which rows to draw: the recorded lanes, the threads, or one row per span name.</param>
    /// <param name="axisMax">Fixes where the time axis ends, so several charts share one scale; null fits the spans.</param>
    public GanttChart ToGantt(string? title = null, LaneBy laneBy = LaneBy.Lane, TimeSpan? axisMax = null)
    {
        if (!Enum.IsDefined(laneBy))
            throw new ArgumentOutOfRangeException(nameof(laneBy), laneBy, "Unknown LaneBy: use Lane, Thread or Name.");
        var bars = Spans.Select(s => laneBy switch
        {
            // Modelled spans have no thread (id 0): keep their lane rather than lumping them into one row.
            LaneBy.Thread => s.ThreadId == 0 ? s : s with { Lane = ThreadLane(s.ThreadId) },
            LaneBy.Name => s with { Lane = s.Name },
            _ => s,
        });
        return new GanttChart(title ?? Title, bars, axisMax);
    }
}
