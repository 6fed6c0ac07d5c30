using System.Globalization;

namespace ConcurrencyLab;

/// <summary>
/// One turn of the loop (one call of asyncio's <c>_run_once</c> that ran something): the time it started, how
/// many callbacks were ready (due timers included), how many timers were still waiting, and what ran, in order.
/// <see cref="Queue"/> and <see cref="Timers"/> hold the details a player steps through.
/// </summary>
internal sealed record Tick(long Number, TimeSpan Time, int Ready, int TimersPending, IReadOnlyList<string> Ran)
{
    /// <summary>
    /// The ready queue as the tick began (asyncio's <c>loop._ready</c>), front first: exactly the callbacks this
    /// tick runs, in that order, cancelled ones included; each says what it did when it ran.
    /// </summary>
    public IReadOnlyList<TickCallback> Queue { get; init; } = [];

    /// <summary>The timer heap as the tick ended (asyncio's <c>loop._scheduled</c>): the timers still waiting, soonest first.</summary>
    public IReadOnlyList<PendingTimer> Timers { get; init; } = [];

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"tick {Number} at {Time.TotalSeconds:0.000} s: {Ready} ready, {TimersPending} timers waiting; ran {string.Join(" | ", Ran)}");
}
