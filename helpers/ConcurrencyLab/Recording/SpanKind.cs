namespace ConcurrencyLab;

/// <summary>What a thread was doing during a span. These three carry the whole lesson.</summary>
public enum SpanKind
{
    /// <summary>A thread busy computing.</summary>
    Cpu,

    /// <summary>A thread held but idle: <c>Thread.Sleep</c>, synchronous I/O.</summary>
    Blocked,

    /// <summary>An awaited operation: no thread is held while it waits.</summary>
    Waiting,
}
