using System.Diagnostics;

namespace ConcurrencyLab;

/// <summary>
/// The one time limit of a whole <see cref="PythonKernel.ConnectAsync(string, string, TimeSpan?)"/>: every step (the spec
/// list, the Python check, each <c>#!connect</c>, each sys.path try) waits at most its own limit and never past this one.
/// </summary>
internal sealed class ConnectDeadline(TimeSpan limit)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The limit of the whole connect.</summary>
    public TimeSpan Limit { get; } = limit;

    /// <summary>What is left of <see cref="Limit"/>; zero once it has passed.</summary>
    public TimeSpan Remaining => Limit - _clock.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    public bool HasPassed => Remaining == TimeSpan.Zero;

    /// <summary>A step's own limit, shortened to what is left.</summary>
    public TimeSpan Cap(TimeSpan step) => step < Remaining ? step : Remaining;

    /// <summary>"8 s", "0.5 s": how the messages write a limit.</summary>
    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";

    /// <summary>"within 8 s" when every try had the same limit, else "within 8 s, 8 s and 2.5 s".</summary>
    public static string Within(IReadOnlyList<TimeSpan> limits)
    {
        var texts = limits.Select(Seconds).ToList();
        if (texts.Distinct().Count() <= 1) return $"within {texts.FirstOrDefault() ?? "0 s"}";
        return $"within {string.Join(", ", texts.Take(texts.Count - 1))} and {texts[^1]}";
    }
}
