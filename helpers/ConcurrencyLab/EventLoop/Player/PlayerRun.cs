namespace ConcurrencyLab;

/// <summary>
/// Everything a <see cref="LoopPlayer"/> plays: one run of an event loop tick by tick, whether traced by the C#
/// <see cref="EventLoop"/> or read from a recording of CPython's loop (the "concurrency-lab/player" JSON).
/// </summary>
internal sealed record PlayerRun(
    string Title,
    bool IsVirtual,
    IReadOnlyList<Tick> Ticks,
    IReadOnlyList<PlayerFrame> Frames,
    IReadOnlyList<string> TaskNames)
{
    /// <summary>Who ran it: <c>dotnet</c> (the helpers' <see cref="EventLoop"/>) or <c>cpython</c> (asyncio's own loop).</summary>
    public string Loop { get; init; } = "dotnet";

    /// <summary>The interpreter's version, for a CPython recording.</summary>
    public string? Python { get; init; }

    /// <summary>How the run ended (<c>completed</c>, <c>raised</c>, <c>tickLimit</c>, <c>stalled</c>, <c>blocked</c>, <c>timeout</c>) and why; null when not known.</summary>
    public (string Reason, string? Detail)? Ended { get; init; }

    /// <summary>Ticks past what was kept were left out (the trace filled up, or the recording kept at most its limit).</summary>
    public bool Truncated { get; init; }

    /// <summary>How many ticks ran but were left out.</summary>
    public long TicksLeftOut { get; init; }

    /// <summary>True when the ticks came from the C# loop's trace, whose limit is <see cref="LoopTrace.MaxSpans"/> spans.</summary>
    public bool FromTrace { get; init; }
}
