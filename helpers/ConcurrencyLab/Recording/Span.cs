namespace ConcurrencyLab;

/// <summary>One recorded interval of work: a bar on the Gantt chart.</summary>
/// <param name="Name">What ran (the bar's label).</param>
/// <param name="Lane">The row it is drawn on: a worker, a task, a machine, or "thread 7".</param>
/// <param name="Start">Offset from the timeline's origin.</param>
/// <param name="End">Offset from the timeline's origin; never before <paramref name="Start"/>.</param>
/// <param name="Kind">Computing, blocked, or waiting.</param>
/// <param name="ThreadId">The managed thread id when the span started (0 for modelled spans).</param>
public sealed record Span(string Name, string Lane, TimeSpan Start, TimeSpan End, SpanKind Kind, int ThreadId)
{
    public TimeSpan Duration => End - Start;
}
