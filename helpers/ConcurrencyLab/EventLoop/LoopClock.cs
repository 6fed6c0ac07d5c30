namespace ConcurrencyLab;

/// <summary>
/// The loop's time as a <see cref="TimeProvider"/>, so its <see cref="Timeline"/> (and anything else taking a
/// clock) reads the same time as <see cref="EventLoop.Time"/>: virtual seconds on a virtual loop.
/// </summary>
internal sealed class LoopClock(EventLoop loop) : TimeProvider
{
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => loop.Time.Ticks;
}
