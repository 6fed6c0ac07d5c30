using System.Globalization;

namespace ConcurrencyLab;

/// <summary>
/// The unit a time axis is drawn in (ms, s or min), picked so the numbers on it stay short and readable.
/// </summary>
internal readonly record struct TimeAxis(string Unit, double MillisecondsPerUnit)
{
    /// <summary>Under 2 s: milliseconds; under 2 min: seconds; otherwise minutes.</summary>
    public static TimeAxis For(TimeSpan axisEnd) =>
        axisEnd < TimeSpan.FromSeconds(2) ? new("ms", 1)
        : axisEnd < TimeSpan.FromMinutes(2) ? new("s", 1_000)
        : new("min", 60_000);

    /// <summary>The time in this axis's unit, rounded to 3 decimals (µs for ms): keeps the figure JSON small.</summary>
    public double ToUnit(TimeSpan t) => Math.Round(t.TotalMilliseconds / MillisecondsPerUnit, 3);

    /// <summary>A short label such as "12.5" (no unit), invariant culture so output never depends on the machine.</summary>
    public string Format(TimeSpan t) => ToUnit(t).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The same with its unit: "12.5 ms".</summary>
    public string FormatWithUnit(TimeSpan t) => $"{Format(t)} {Unit}";

    /// <summary>
    /// Rounds an axis end up to 1, 2, 2.5 or 5 times a power of ten (in the axis unit) so tick labels are round.
    /// </summary>
    public static TimeSpan NiceCeiling(TimeSpan end)
    {
        if (end <= TimeSpan.Zero) return TimeSpan.FromMilliseconds(1);
        var axis = For(end);
        var value = end.TotalMilliseconds / axis.MillisecondsPerUnit;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            var candidate = step * power;
            if (candidate >= value - 1e-9)
                return TimeSpan.FromMilliseconds(candidate * axis.MillisecondsPerUnit);
        }
        return end; // not reached: 10 × power is always ≥ value
    }
}
