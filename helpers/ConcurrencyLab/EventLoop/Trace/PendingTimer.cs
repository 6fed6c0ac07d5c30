namespace ConcurrencyLab;

/// <summary>A timer still waiting in the heap (asyncio's <c>loop._scheduled</c>): what it will run, and when it falls due.</summary>
internal sealed record PendingTimer(string Label, TimeSpan Due);
