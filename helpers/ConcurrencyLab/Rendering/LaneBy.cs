namespace ConcurrencyLab;

/// <summary>Which property of a span picks the row (lane) it is drawn on.</summary>
public enum LaneBy
{
    /// <summary>The lane the span was recorded with (a worker, a task, a machine, or "thread 7").</summary>
    Lane,

    /// <summary>The managed thread the span started on: shows thread hops after <c>await</c>.</summary>
    Thread,

    /// <summary>The span's name: one row per kind of step.</summary>
    Name,
}
