namespace ConcurrencyLab;

/// <summary>A line printed with <see cref="EventLoop.Print(string)"/>: when, in which tick, and what.</summary>
internal sealed record PrintedLine(TimeSpan Time, long Tick, string Text);
